import { Inject, Injectable } from '@nestjs/common';
import { CommentDeleted } from '@newsreel/comment-contracts';
import {
  COMMENT_REPOSITORY,
  type CommentRepository,
  canDeleteComment,
} from '@newsreel/comment-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import type { DeleteCommentCommand } from './delete-comment.command';

/**
 * Deletes a comment, with its `comment.deleted.v1` event in the same transaction. Allowed for
 * the comment's author and for the author of the video it is on (moderating their own page).
 * Replies to a deleted comment stay: threads are flat, and each reply is its author's own
 * content; clients show a reply whose parent is gone as a plain comment.
 */
@Injectable()
export class DeleteCommentHandler {
  constructor(
    @Inject(COMMENT_REPOSITORY) private readonly comments: CommentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: DeleteCommentCommand): Promise<void> {
    const comment = await this.comments.findById(command.commentId);
    if (!comment) throw notFound();
    if (!canDeleteComment(comment, command.requesterId)) {
      throw new RpcError(
        RpcStatus.PERMISSION_DENIED,
        'Only the comment author or the video author can delete this comment',
      );
    }
    const deleted = await this.comments.run(async (tx) => {
      if (!(await tx.delete(comment.id))) return false;
      await tx.publish(
        CommentDeleted,
        {
          commentId: comment.id,
          videoId: comment.videoId,
          authorId: comment.authorId,
          occurredAt: this.clock.now().toISOString(),
        },
        { key: comment.videoId },
      );
      return true;
    });
    // A concurrent delete got there first; it published the one event.
    if (!deleted) throw notFound();
  }
}

function notFound(): RpcError {
  return new RpcError(RpcStatus.NOT_FOUND, 'Comment not found');
}
