import type { EventPayload } from '@newsreel/shared-contracts';
import { LikeCreated, LikeRemoved } from '@newsreel/like-contracts';
import type { Like, LikeCount } from './like';

/** The facts the like context publishes (both carry the same payload shape). */
export const LIKE_EVENTS = [LikeCreated, LikeRemoved] as const;
/** One of {@link LIKE_EVENTS}. */
export type LikeEvent = (typeof LIKE_EVENTS)[number];

/**
 * Port: the like service's database (likes, per-video counters, the outbox of its events).
 * Adapter: `TypeOrmLikeRepository` in like-data-access; fake: `InMemoryLikeRepository` in
 * like-feature's `src/testing`.
 */
export interface LikeRepository {
  /**
   * Runs `work` in one transaction: every like row, counter change and event written through
   * `tx` commits together, or none does when `work` throws (the error is rethrown). Events are
   * published only after the commit.
   */
  transaction<T>(work: (tx: LikeTransaction) => Promise<T>): Promise<T>;
  /** A video's committed counter (`count` 0, `revision` 0 when nobody ever liked it). */
  countOf(videoId: string): Promise<LikeCount>;
  /** Which of `videoIds` `userId` has liked, in one query. */
  likedVideoIds(userId: string, videoIds: readonly string[]): Promise<string[]>;
}

/** The writes of one {@link LikeRepository.transaction}. */
export interface LikeTransaction {
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
  /** Records an event (transactional outbox), published to Kafka keyed by `key` after commit. */
  publish<E extends LikeEvent>(event: E, payload: EventPayload<E>, key: string): Promise<void>;
}
