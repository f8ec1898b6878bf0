import { z } from 'zod';

export const CommentId = z.uuid();
export const UserId = z.uuid();
export const VideoId = z.uuid();

/** 1-500 characters after trimming. */
export const CommentText = z.string().trim().min(1).max(500);

/** What a client sends to comment (the gateway's HTTP body is this same schema). */
export const PostCommentFields = z.strictObject({
  text: CommentText,
  parentId: CommentId.optional(),
});

export const CommentSchema = z.object({
  id: CommentId,
  videoId: VideoId,
  authorId: UserId,
  /** The text as stored: sensitive words already masked with `*`. */
  text: z.string(),
  parentId: CommentId.nullable(),
  createdAt: z.iso.datetime(),
});
/** A comment as the comment service returns it (the gateway adds the author). */
export type Comment = z.output<typeof CommentSchema>;

export const CommentPageSchema = z.object({
  items: z.array(CommentSchema),
  nextCursor: z.string().nullable(),
});
/** A page of comments, oldest first. */
export type CommentPage = z.output<typeof CommentPageSchema>;
