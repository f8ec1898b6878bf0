/** One user's like of one video; at most one per (userId, videoId). */
export interface Like {
  userId: string;
  videoId: string;
  createdAt: Date;
}

/**
 * A video's like counter as committed in the database (the source of truth). `revision` grows by
 * one with every change of the counter, so copies of it (the Redis copy) can tell an older value
 * from a newer one whatever order they arrive in.
 */
export interface LikeCount {
  videoId: string;
  /** Never negative. */
  count: number;
  /** 0 for a video nobody ever liked; +1 per committed like or unlike. */
  revision: number;
}

/** The counter of a video nobody has liked yet. */
export function zeroLikeCount(videoId: string): LikeCount {
  return { videoId, count: 0, revision: 0 };
}
