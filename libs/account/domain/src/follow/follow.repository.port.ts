/** Port: the follow graph (directed edges follower -> followee). */
export interface FollowRepository {
  /** Adds the edge; a no-op when it exists (the original follow time is kept). */
  add(followerId: string, followeeId: string, at: Date): Promise<void>;
  /** Removes the edge; a no-op when it does not exist. */
  remove(followerId: string, followeeId: string): Promise<void>;
  /** How many users follow `userId`. */
  countFollowers(userId: string): Promise<number>;
  /** How many users `userId` follows. */
  countFollowing(userId: string): Promise<number>;
  /** Ids `userId` follows, most recent follow first, at most `limit`. */
  listFollowing(userId: string, limit: number): Promise<string[]>;
  /** Ids following `userId`, most recent follow first, at most `limit`. */
  listFollowers(userId: string, limit: number): Promise<string[]>;
}
