import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';
import { type Category, VideoDeleted, VideoPublished } from '@newsreel/video-contracts';

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

/** The facts the video context publishes. */
export const VIDEO_EVENTS = [VideoPublished, VideoDeleted] as const;
/** One of {@link VIDEO_EVENTS}. */
export type VideoEvent = (typeof VIDEO_EVENTS)[number];

/**
 * Persistence port of the video context; the TypeORM adapter lives in video-data-access, a fake
 * in `@newsreel/video-domain/testing`. Writes run in a {@link VideoTransaction} (`run`, from
 * `UnitOfWork`; an event handler gets the one of its inbox row): rows and the events they cause
 * (`video.published`, `video.deleted`) are stored together or not at all.
 */
export interface VideoRepository extends UnitOfWork<VideoTransaction> {
  findById(id: string): Promise<Video | undefined>;
  /** `limit` videos matching `query`, newest first. */
  page(query: FeedQuery): Promise<Video[]>;
  countByAuthor(authorId: string): Promise<number>;
}

/** The writes of one `VideoRepository.run`, and the events it may publish. */
export interface VideoTransaction extends Transaction<VideoEvent> {
  insert(video: Video): Promise<void>;
  /** Deletes and reports whether a row was removed (`false`: none, or a concurrent delete won). */
  delete(id: string): Promise<boolean>;
  /** Applies counter changes, floored at 0. */
  adjustCounts(videoId: string, delta: CountDelta): Promise<void>;
}
