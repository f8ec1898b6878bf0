import type { AccountFollowed } from '@newsreel/account-contracts';
import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';

/**
 * Thrown by {@link FollowTransaction.add} when a concurrent follow stored the same edge first
 * (the adapter maps the database's unique violation); the transaction must be abandoned.
 */
export class FollowAlreadyExistsError extends Error {
  constructor(followerId: string, followeeId: string, options?: ErrorOptions) {
    super(`${followerId} already follows ${followeeId}`, options);
    this.name = 'FollowAlreadyExistsError';
  }
}

/**
 * Port: the follow graph (directed edges follower -> followee). Adding an edge runs in a
 * {@link FollowTransaction} (`run`, from `UnitOfWork`), with its `account.followed.v1` event.
 */
export interface FollowRepository extends UnitOfWork<FollowTransaction> {
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

/** The writes of one `FollowRepository.run`, and the event it may publish. */
export interface FollowTransaction extends Transaction<typeof AccountFollowed> {
  /**
   * Adds the edge; `false` when it exists (the original follow time is kept). Throws
   * {@link FollowAlreadyExistsError} when a concurrent follow just stored it.
   */
  add(followerId: string, followeeId: string, at: Date): Promise<boolean>;
}
