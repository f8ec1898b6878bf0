import type { LikeCount } from './like';

/**
 * Port: a fast copy of the like counters (Redis when configured, process memory otherwise). The
 * database stays the source of truth; this copy is written after each commit and read first.
 * Implementations never throw: a failing backend reads as a miss and skips writes.
 */
export interface LikeCountCache {
  /** The copied counter, or `undefined` on a miss (or when the backend failed). */
  get(videoId: string): Promise<LikeCount | undefined>;
  /**
   * Stores `counter` unless the copy already holds the same or a newer `revision`, so writes that
   * arrive out of order (two commits, a slow read-through) never put an older count back.
   */
  put(counter: LikeCount): Promise<void>;
}
