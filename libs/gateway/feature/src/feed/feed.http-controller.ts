import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountContract } from '@newsreel/account-contracts';
import type { AccessClaims } from '@newsreel/shared-auth';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { AuthGuard, CurrentUser } from '../auth/auth.guard';
import { ApiQueryFrom } from '../http/openapi';
import { FeedQuery, PageQuery } from '../http/params';
import { validate } from '../http/validate';
import { VideoViews } from '../videos/video-views';

/** Feeds, newest first, cursor-paginated (`{items, nextCursor}`). */
@ApiTags('feed')
@Controller('api/v1/feed')
export class FeedHttpController {
  constructor(
    @InjectRpcClient(VideoContract) private readonly video: RpcClient<VideoContract>,
    @InjectRpcClient(AccountContract) private readonly account: RpcClient<AccountContract>,
    private readonly views: VideoViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every video, or one category' })
  @ApiQueryFrom(FeedQuery)
  async feed(@Query() query: unknown) {
    return this.views.page(await this.video.call('feed', validate(FeedQuery, query, 'query')));
  }

  @Get('following')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Videos by the people you follow' })
  @ApiQueryFrom(PageQuery)
  async following(@CurrentUser() user: AccessClaims, @Query() query: unknown) {
    const page = validate(PageQuery, query, 'query');
    const { ids } = await this.account.call('listFollowing', { userId: user.sub });
    if (ids.length === 0) return { items: [], nextCursor: null };
    return this.views.page(await this.video.call('feed', { ...page, authorIds: ids }));
  }
}
