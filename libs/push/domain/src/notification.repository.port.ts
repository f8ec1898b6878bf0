import type { PushNotified } from '@newsreel/push-contracts';
import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';
import type { InboxQuery, Notification } from './notification';

/**
 * Persistence port of the push context; the TypeORM adapter lives in push-data-access. Writes
 * happen in a {@link PushTransaction}: an event handler gets the one its inbox row is written in
 * (`context.tx`), and `run(work)` (from `UnitOfWork`) opens one.
 */
export interface NotificationRepository extends UnitOfWork<PushTransaction> {
  /** `limit` notifications of `query.userId`, newest first. */
  page(query: InboxQuery): Promise<Notification[]>;
  countUnread(userId: string): Promise<number>;
  /**
   * Marks the user's unread notifications among `ids` (all of them when `ids` is undefined) as
   * read at `at`. Ids of other users' notifications are ignored. Returns how many changed.
   */
  markRead(userId: string, ids: readonly string[] | undefined, at: Date): Promise<number>;
}

/** The writes of one push transaction, and the event it may publish (`push.notified.v1`). */
export interface PushTransaction extends Transaction<typeof PushNotified> {
  /**
   * Stores `notifications` and returns the ones actually stored: a notification whose
   * (sourceEventId, userId, type) already exists is skipped, so replaying an event adds nothing.
   */
  addAll(notifications: readonly Notification[]): Promise<Notification[]>;
}
