import type { PushNotified } from '@newsreel/push-contracts';
import type { InboxQuery, Notification, NotificationRepository, PushTransaction } from '..';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { PublishOptions } from '@newsreel/shared-unit-of-work';
import { type PublishedEvent, RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';

/** An event a fake transaction published, with the name of that transaction. */
export type AnnouncedEvent = PublishedEvent & { tx: string };

/**
 * A {@link NotificationRepository} in an array, for unit tests of the use cases. Its transactions
 * write straight to `rows` (no rollback) and record what they do with their name, so a test can
 * check that a handler writes and announces in the event's transaction.
 */
export class InMemoryNotificationRepository implements NotificationRepository {
  readonly rows: Notification[] = [];
  /** The transaction each `addAll` ran in, by name. */
  readonly scopes: string[] = [];
  /** Every `push.notified.v1` published, in order, with its transaction's name. */
  readonly announced: AnnouncedEvent[] = [];
  private opened = 0;

  async run<T>(work: (tx: PushTransaction) => Promise<T>): Promise<T> {
    const tx = new InMemoryPushTransaction(this, `run-${++this.opened}`);
    const result = await work(tx);
    await tx.committed();
    return result;
  }

  /** A transaction named `name`, as the messaging inbox would hand one to a handler. */
  transaction(name: string): PushTransaction {
    return new InMemoryPushTransaction(this, name);
  }

  page(query: InboxQuery): Promise<Notification[]> {
    const rows = this.rows
      .filter((n) => n.userId === query.userId)
      .filter((n) => !query.beforeId || n.id < query.beforeId)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map((n) => ({ ...n }));
    return Promise.resolve(rows);
  }

  countUnread(userId: string): Promise<number> {
    return Promise.resolve(
      this.rows.filter((n) => n.userId === userId && n.readAt === null).length,
    );
  }

  markRead(userId: string, ids: readonly string[] | undefined, at: Date): Promise<number> {
    let changed = 0;
    for (const n of this.rows) {
      if (n.userId !== userId || n.readAt !== null || (ids && !ids.includes(n.id))) continue;
      n.readAt = at;
      changed++;
    }
    return Promise.resolve(changed);
  }
}

class InMemoryPushTransaction
  extends RecordingTransaction<typeof PushNotified>
  implements PushTransaction
{
  constructor(
    private readonly repository: InMemoryNotificationRepository,
    private readonly name: string,
  ) {
    super();
  }

  addAll(notifications: readonly Notification[]): Promise<Notification[]> {
    this.repository.scopes.push(this.name);
    const stored: Notification[] = [];
    for (const n of notifications) {
      const exists = this.repository.rows.some(
        (row) =>
          row.sourceEventId === n.sourceEventId && row.userId === n.userId && row.type === n.type,
      );
      if (exists) continue;
      this.repository.rows.push({ ...n });
      stored.push(n);
    }
    return Promise.resolve(stored);
  }

  override async publish(
    event: typeof PushNotified,
    payload: EventPayload<typeof PushNotified>,
    options?: PublishOptions,
  ): Promise<string> {
    const id = await super.publish(event, payload, options);
    this.repository.announced.push({ ...this.published[this.published.length - 1], tx: this.name });
    return id;
  }
}
