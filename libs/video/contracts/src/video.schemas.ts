import { z } from 'zod';

/** Ids are UUIDv7 strings, so newest-first is descending id order. */
export const VideoId = z.uuid();
export const UserId = z.uuid();

/** The news categories a video can be filed under. */
export const CATEGORIES = ['world', 'tech', 'sports', 'culture', 'business', 'science'] as const;
export const Category = z.enum(CATEGORIES);
/** One of {@link CATEGORIES}. */
export type Category = z.output<typeof Category>;

/** http(s) URL or a site-relative path (`/media/...`, for media the platform serves itself). */
export const MediaUrl = z
  .string()
  .max(2048)
  .refine(
    (v) => /^https?:\/\/[^\s]+$/i.test(v) || /^\/[^\s/][^\s]*$/.test(v),
    'must be an http(s) URL or a /path',
  );

/** Fields a client sends to publish a video (the gateway's HTTP body is this same schema). */
export const PublishVideoFields = z.strictObject({
  title: z.string().trim().min(1).max(120),
  category: Category,
  description: z.string().max(2000).optional(),
  mediaUrl: MediaUrl,
  durationSec: z.number().int().min(1).max(600),
  coverUrl: MediaUrl.optional(),
});

export const VideoSchema = z.object({
  id: VideoId,
  authorId: UserId,
  title: z.string(),
  category: Category,
  description: z.string(),
  mediaUrl: z.string(),
  coverUrl: z.string().nullable(),
  durationSec: z.number().int(),
  publishedAt: z.iso.datetime(),
  likeCount: z.number().int().min(0),
  commentCount: z.number().int().min(0),
});
/** A video as the video service returns it (the gateway adds the author). */
export type Video = z.output<typeof VideoSchema>;

/** Page size: default 20, at most 50. */
export const PageLimit = z.number().int().min(1).max(50).default(20);
/** Opaque cursor from a previous page's `nextCursor`. */
export const Cursor = z.string().min(1).max(200);

export const FeedRequest = z.strictObject({
  category: Category.optional(),
  /** Only videos by these authors (the following feed, an author's page). */
  authorIds: z.array(UserId).max(1000).optional(),
  cursor: Cursor.optional(),
  limit: PageLimit,
});

export const VideoPageSchema = z.object({
  items: z.array(VideoSchema),
  nextCursor: z.string().nullable(),
});
/** A page of videos, newest first. */
export type VideoPage = z.output<typeof VideoPageSchema>;
