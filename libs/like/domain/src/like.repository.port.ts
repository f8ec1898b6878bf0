import { LikeCreated, LikeRemoved } from '@newsreel/like-contracts';
import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';
import type { Like, LikeCount } from './like';

/** The facts the like context publishes (both carry the same payload shape). */
export const LIKE_EVENTS = [LikeCreated, LikeRemoved] as const;
/** One of {@link LIKE_EVENTS}. */
export type LikeEvent = (typeof LIKE_EVENTS)[number];

/**
 * Port: the like service's database (likes, per-video counters, the outbox of its events).
 * `run(work)` (from `UnitOfWork`) writes: every like row, counter change and event of `tx`
 * commits together, and events are published only after the commit.
 * Adapter: `TypeOrmLikeRepository` in like-data-access; fake: `InMemoryLikeRepository` in
 * like-feature's `src/testing`.
 */
export interface LikeRepository extends UnitOfWork<LikeTransaction> {
  /** A video's committed counter (`count` 0, `revision` 0 when nobody ever liked it). */
  countOf(videoId: string): Promise<LikeCount>;
  /** Which of `videoIds` `userId` has liked, in one query. */
  likedVideoIds(userId: string, videoIds: readonly string[]): Promise<string[]>;
}

/** The writes of one `LikeRepository.run`, and the events it may publish. */
export interface LikeTransaction extends Transaction<LikeEvent> {
  /**
   * Inserts the like. Throws `LikeAlreadyExistsError` when it exists (a concurrent like won);
   * the transaction must then be abandoned.
   */
  insert(like: Like): Promise<void>;
  /** Deletes the like; `false` when there was none. */
  delete(userId: string, videoId: string): Promise<boolean>;
  /**
   * Adds `delta` to the video's counter (created at 0 on first use, never taken below 0) and
   * bumps its revision; returns the counter as this transaction leaves it.
   */
  adjustCount(videoId: string, delta: 1 | -1): Promise<LikeCount>;
}
