import type { Comment as CommentDto } from '@newsreel/comment-contracts';
import type { Comment } from '@newsreel/comment-domain';

/** The contract's view of a comment: `videoAuthorId` is kept for permissions, not shown. */
export function toCommentDto(comment: Comment): CommentDto {
  return {
    id: comment.id,
    videoId: comment.videoId,
    authorId: comment.authorId,
    text: comment.text,
    parentId: comment.parentId,
    createdAt: comment.createdAt.toISOString(),
  };
}
