import { defineContract, method, pingMethod } from '@newsreel/shared-contracts';
import { z } from 'zod';
import {
  CommentId,
  CommentPageSchema,
  CommentSchema,
  PostCommentFields,
  UserId,
  VideoId,
} from './comment.schemas';

/**
 * The `comment` service's RPC contract (`newsreel.comment.v1`).
 *
 * Errors: `NOT_FOUND` (unknown comment, or a `parentId` not on this video),
 * `PERMISSION_DENIED` (deleting a comment that is neither yours nor on your video),
 * `INVALID_ARGUMENT`.
 */
export const CommentContract = defineContract('comment', 'v1', {
  ping: pingMethod,
  /** The gateway has checked the video exists and passes its author (who may delete any comment on it). */
  post: method({
    request: PostCommentFields.extend({
      videoId: VideoId,
      videoAuthorId: UserId,
      authorId: UserId,
    }),
    response: CommentSchema,
  }),
  list: method({
    request: z.strictObject({
      videoId: VideoId,
      cursor: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    response: CommentPageSchema,
    idempotent: true,
  }),
  delete: method({
    request: z.strictObject({ commentId: CommentId, requesterId: UserId }),
    response: z.object({}),
    idempotent: true,
  }),
});

/** Type of {@link CommentContract}. */
export type CommentContract = typeof CommentContract;
