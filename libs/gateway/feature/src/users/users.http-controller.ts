import { Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountContract, type Profile } from '@newsreel/account-contracts';
import type { AccessClaims } from '@newsreel/shared-auth';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { AuthGuard, CurrentUser } from '../auth/auth.guard';
import { ApiQueryFrom } from '../http/openapi';
import { PageQuery, idParam } from '../http/params';
import { validate } from '../http/validate';
import { VideoViews } from '../videos/video-views';

/** Profiles, the follow graph, and an author's videos. */
@ApiTags('users')
@Controller('api/v1/users')
export class UsersHttpController {
  constructor(
    @InjectRpcClient(AccountContract) private readonly account: RpcClient<AccountContract>,
    @InjectRpcClient(VideoContract) private readonly video: RpcClient<VideoContract>,
    private readonly views: VideoViews,
  ) {}

  @Get('me')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The authenticated user' })
  me(@CurrentUser() user: AccessClaims) {
    return this.profile(user.sub);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A public profile with follower, following and video counts' })
  get(@Param('id') id: string) {
    return this.profile(idParam(id, 'User'));
  }

  @Put(':id/follow')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Follow a user (idempotent; following yourself is 400)' })
  async follow(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<void> {
    await this.account.call('follow', { followerId: user.sub, followeeId: idParam(id, 'User') });
  }

  @Delete(':id/follow')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Unfollow a user (idempotent)' })
  async unfollow(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<void> {
    await this.account.call('unfollow', { followerId: user.sub, followeeId: idParam(id, 'User') });
  }

  @Get(':id/videos')
  @ApiOperation({ summary: "A user's videos, newest first" })
  @ApiQueryFrom(PageQuery)
  async videos(@Param('id') id: string, @Query() query: unknown) {
    const authorId = idParam(id, 'User');
    const { cursor, limit } = validate(PageQuery, query, 'query');
    await this.account.call('getProfile', { id: authorId }); // 404 for an unknown user, not an empty list
    return this.views.page(await this.video.call('feed', { authorIds: [authorId], cursor, limit }));
  }

  private async profile(id: string): Promise<Profile & { videoCount: number }> {
    const [profile, videos] = await Promise.all([
      this.account.call('getProfile', { id }),
      this.video.call('countByAuthor', { authorId: id }),
    ]);
    return { ...profile, videoCount: videos.count };
  }
}
