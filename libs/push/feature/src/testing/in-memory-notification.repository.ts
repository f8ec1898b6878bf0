import type {
  InboxQuery,
  Notification,
  NotificationRepository,
  TransactionScope,
} from '@newsreel/push-domain';

/** A {@link NotificationRepository} in an array, for unit tests of the use cases. */
export class InMemoryNotificationRepository implements NotificationRepository {
  readonly rows: Notification[] = [];
  /** The transaction handle each `addAll` was given, to check handlers pass the event's. */
  readonly scopes: TransactionScope[] = [];

  addAll(
    notifications: readonly Notification[],
    transaction: TransactionScope,
  ): Promise<Notification[]> {
    this.scopes.push(transaction);
    const stored: Notification[] = [];
    for (const n of notifications) {
      const exists = this.rows.some(
        (row) =>
          row.sourceEventId === n.sourceEventId && row.userId === n.userId && row.type === n.type,
      );
      if (exists) continue;
      this.rows.push({ ...n });
      stored.push(n);
    }
    return Promise.resolve(stored);
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
