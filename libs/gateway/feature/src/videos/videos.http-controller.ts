import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessClaims } from '@newsreel/shared-auth';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import { PublishVideoFields, VideoContract } from '@newsreel/video-contracts';
import { LikeContract, type LikeState } from '@newsreel/like-contracts';
import { AuthGuard, CurrentUser, OptionalAuthGuard, OptionalUser } from '../auth/auth.guard';
import { ApiJsonBody } from '../http/openapi';
import { idParam } from '../http/params';
import { validate } from '../http/validate';
import { UserDirectory } from '../users/user-directory';
import { VideoViews } from './video-views';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** Publishing, reading and deleting videos. */
@ApiTags('videos')
@Controller('api/v1/videos')
export class VideosHttpController {
  constructor(
    @InjectRpcClient(VideoContract) private readonly video: RpcClient<VideoContract>,
    @InjectRpcClient(LikeContract) private readonly likes: RpcClient<LikeContract>,
    private readonly views: VideoViews,
    private readonly users: UserDirectory,
  ) {}

  @Post()
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a video' })
  @Idempotent()
  @ApiJsonBody(PublishVideoFields)
  async publish(@CurrentUser() user: AccessClaims, @Body() body: unknown) {
    const fields = validate(PublishVideoFields, body);
    const video = await this.video.call('publish', { ...fields, authorId: user.sub });
    // After the commit nothing may fail the request: the author comes from the token if need be.
    return { ...video, author: await this.users.author(user) };
  }

  @Get(':id')
  @UseGuards(OptionalAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A video with its author and counts (and likedByMe when signed in)' })
  async get(@OptionalUser() user: AccessClaims | undefined, @Param('id') id: string) {
    return this.views.one(
      await this.video.call('getVideo', { id: idParam(id, 'Video') }),
      user?.sub,
    );
  }

  @Put(':id/like')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Like a video (idempotent: liking twice counts once)' })
  async like(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<LikeState> {
    const video = await this.video.call('getVideo', { id: idParam(id, 'Video') });
    return this.likes.call('like', {
      userId: user.sub,
      videoId: video.id,
      videoAuthorId: video.authorId,
    });
  }

  @Delete(':id/like')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove your like (idempotent)' })
  async unlike(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<LikeState> {
    const video = await this.video.call('getVideo', { id: idParam(id, 'Video') });
    return this.likes.call('unlike', {
      userId: user.sub,
      videoId: video.id,
      videoAuthorId: video.authorId,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a video (author only: 403 for anyone else)' })
  async remove(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<void> {
    await this.video.call('deleteVideo', { id: idParam(id, 'Video'), requesterId: user.sub });
  }
}
