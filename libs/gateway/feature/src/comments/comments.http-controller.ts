import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Comment, CommentContract, PostCommentFields } from '@newsreel/comment-contracts';
import type { AccessClaims } from '@newsreel/shared-auth';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { AuthGuard, CurrentUser } from '../auth/auth.guard';
import { ApiJsonBody, ApiQueryFrom } from '../http/openapi';
import { PageQuery, idParam } from '../http/params';
import { validate } from '../http/validate';
import { UserDirectory } from '../users/user-directory';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** Comments and replies on videos. */
@ApiTags('comments')
@Controller('api/v1')
export class CommentsHttpController {
  constructor(
    @InjectRpcClient(CommentContract) private readonly comments: RpcClient<CommentContract>,
    @InjectRpcClient(VideoContract) private readonly video: RpcClient<VideoContract>,
    private readonly users: UserDirectory,
  ) {}

  @Get('videos/:id/comments')
  @ApiOperation({ summary: "A video's comments and replies, oldest first" })
  @ApiQueryFrom(PageQuery)
  async list(@Param('id') id: string, @Query() query: unknown) {
    const videoId = idParam(id, 'Video');
    const page = validate(PageQuery, query, 'query');
    await this.video.call('getVideo', { id: videoId }); // 404 for an unknown video, not an empty list
    const result = await this.comments.call('list', { videoId, ...page });
    return { items: await this.withAuthors(result.items), nextCursor: result.nextCursor };
  }

  @Post('videos/:id/comments')
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Comment on a video, or reply with parentId (sensitive words are masked)',
  })
  @ApiJsonBody(PostCommentFields)
  @Idempotent()
  async post(@CurrentUser() user: AccessClaims, @Param('id') id: string, @Body() body: unknown) {
    const fields = validate(PostCommentFields, body);
    const video = await this.video.call('getVideo', { id: idParam(id, 'Video') });
    const comment = await this.comments.call('post', {
      ...fields,
      videoId: video.id,
      videoAuthorId: video.authorId,
      authorId: user.sub,
    });
    // After the commit nothing may fail the request: the author comes from the token if need be.
    return { ...comment, author: await this.users.author(user) };
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Delete a comment (its author or the video's author; 403 otherwise)" })
  async remove(@CurrentUser() user: AccessClaims, @Param('id') id: string): Promise<void> {
    await this.comments.call('delete', {
      commentId: idParam(id, 'Comment'),
      requesterId: user.sub,
    });
  }

  private async withAuthors(comments: Comment[]) {
    const userOf = await this.users.lookup(comments.map((c) => c.authorId));
    return comments.map((comment) => ({ ...comment, author: userOf(comment.authorId) }));
  }
}
