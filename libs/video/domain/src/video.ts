import type { Category } from '@newsreel/video-contracts';

/** A published news video, as the video context stores it. */
export interface Video {
  id: string;
  authorId: string;
  title: string;
  category: Category;
  description: string;
  mediaUrl: string;
  coverUrl: string | null;
  durationSec: number;
  publishedAt: Date;
  /** Kept up to date from like/comment events (eventually consistent, never below 0). */
  likeCount: number;
  commentCount: number;
}

/**
 * The transaction an event handler runs in (opaque here; the TypeORM adapter knows it is an
 * EntityManager). Writes made with it commit or roll back with the consumer's inbox row.
 */
export interface UnitOfWork {
  readonly kind: 'unit-of-work';
}

/** A change to a video's interaction counters. */
export interface CountDelta {
  likes?: number;
  comments?: number;
}

/** Which videos a feed page shows; pages are newest first. */
export interface FeedQuery {
  category?: Category;
  /** Restrict to these authors (an empty list means "nobody": the page is empty). */
  authorIds?: string[];
  /** Only videos older than this one (exclusive): keyset pagination, stable under inserts. */
  beforeId?: string;
  limit: number;
}

/**
 * Persistence port of the video context; the TypeORM adapter lives in video-data-access.
 * Writes that are facts for other contexts (`save` -> `video.published`, `delete` ->
 * `video.deleted`) publish their event through the transactional outbox in the same
 * transaction: the row and the event are stored together or not at all.
 */
export interface VideoRepository {
  save(video: Video): Promise<void>;
  findById(id: string): Promise<Video | undefined>;
  /** Deletes and reports whether a row was removed. */
  delete(id: string): Promise<boolean>;
  /** Applies counter changes (floored at 0) within an event handler's unit of work. */
  adjustCounts(videoId: string, delta: CountDelta, work: UnitOfWork): Promise<void>;
  /** `limit` videos matching `query`, newest first. */
  page(query: FeedQuery): Promise<Video[]>;
  countByAuthor(authorId: string): Promise<number>;
}
