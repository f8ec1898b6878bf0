import { defineEvent } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { CommentId, UserId, VideoId } from './comment.schemas';

/** `comment.created.v1`; `parentAuthorId` is set for replies (that author is notified). */
export const CommentCreated = defineEvent(
  'comment.created',
  1,
  z.object({
    commentId: CommentId,
    videoId: VideoId,
    videoAuthorId: UserId,
    authorId: UserId,
    parentId: CommentId.nullable(),
    parentAuthorId: UserId.nullable(),
    occurredAt: z.iso.datetime(),
  }),
);

/** `comment.deleted.v1`. */
export const CommentDeleted = defineEvent(
  'comment.deleted',
  1,
  z.object({
    commentId: CommentId,
    videoId: VideoId,
    authorId: UserId,
    occurredAt: z.iso.datetime(),
  }),
);
