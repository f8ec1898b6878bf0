import type { InboxQuery, Notification } from './notification';

/**
 * The transaction a write joins, as the adapter knows it (TypeORM: the `EntityManager` an event
 * handler is given). Opaque here so the domain stays free of the ORM.
 */
export type TransactionScope = unknown;

/** Persistence port of the push context; the TypeORM adapter lives in push-data-access. */
export interface NotificationRepository {
  /**
   * Stores `notifications` inside `transaction` and returns the ones actually stored: a
   * notification whose (sourceEventId, userId, type) already exists is skipped, so replaying an
   * event adds nothing.
   */
  addAll(
    notifications: readonly Notification[],
    transaction: TransactionScope,
  ): Promise<Notification[]>;
  /** `limit` notifications of `query.userId`, newest first. */
  page(query: InboxQuery): Promise<Notification[]>;
  countUnread(userId: string): Promise<number>;
  /**
   * Marks the user's unread notifications among `ids` (all of them when `ids` is undefined) as
   * read at `at`. Ids of other users' notifications are ignored. Returns how many changed.
   */
  markRead(userId: string, ids: readonly string[] | undefined, at: Date): Promise<number>;
}
