import { Inject, Injectable } from '@nestjs/common';
import type { PushNotified } from '@newsreel/push-contracts';
import type {
  InboxQuery,
  Notification,
  NotificationKind,
  NotificationRepository,
  PushTransaction,
} from '@newsreel/push-domain';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { DataSource, type Repository } from 'typeorm';
import { NotificationRecord } from './notification.record';

// Conditions on timestamp columns are written as SQL rather than `IsNull()` find operators: the
// epoch-millisecond transformer is also applied to operators in `where`, and fails on them.
const UNREAD = 'read_at IS NULL';
// Bounds the number of bound parameters per statement (a fan-out can write thousands of rows).
const CHUNK = 500;

/**
 * {@link NotificationRepository} on TypeORM; the same queries run on SQLite, MariaDB and
 * PostgreSQL. Writes go through `TypeOrmUnitOfWork`, with the outbox of `push.notified.v1`.
 */
@Injectable()
export class TypeOrmNotificationRepository implements NotificationRepository {
  private readonly rows: Repository<NotificationRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TypeOrmUnitOfWork) private readonly unitOfWork: TypeOrmUnitOfWork,
  ) {
    this.rows = dataSource.getRepository(NotificationRecord);
  }

  run<T>(work: (tx: PushTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmPushTransaction(manager, services),
      work,
    );
  }

  async page(query: InboxQuery): Promise<Notification[]> {
    const qb = this.rows
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId: query.userId })
      .orderBy('n.id', 'DESC')
      .limit(query.limit);
    if (query.beforeId) qb.andWhere('n.id < :beforeId', { beforeId: query.beforeId });
    return (await qb.getMany()).map(toNotification);
  }

  countUnread(userId: string): Promise<number> {
    return this.rows
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .andWhere(UNREAD)
      .getCount();
  }

  async markRead(userId: string, ids: readonly string[] | undefined, at: Date): Promise<number> {
    if (ids && ids.length === 0) return 0;
    const qb = this.rows
      .createQueryBuilder()
      .update()
      .set({ readAt: at })
      // The user filter is what makes other users' ids harmless.
      .where(`user_id = :userId AND ${UNREAD}`, { userId });
    if (ids) qb.andWhere('id IN (:...ids)', { ids: [...new Set(ids)] });
    const result = await qb.execute();
    return result.affected ?? 0;
  }
}

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmPushTransaction
  extends TypeOrmTransaction<typeof PushNotified>
  implements PushTransaction
{
  async addAll(notifications: readonly Notification[]): Promise<Notification[]> {
    // Look first rather than insert-and-catch: a failed statement aborts a PostgreSQL
    // transaction, and this one also holds the inbox row. Inside the event's transaction nobody
    // else writes rows of the same event, so looking first does not race.
    const existing = new Set<string>();
    for (const eventId of new Set(notifications.map((n) => n.sourceEventId))) {
      const rows = await this.manager.find(NotificationRecord, {
        select: { userId: true, type: true },
        where: { sourceEventId: eventId },
      });
      for (const row of rows) existing.add(key(eventId, row.userId, row.type));
    }
    const fresh: Notification[] = [];
    for (const notification of notifications) {
      const k = key(notification.sourceEventId, notification.userId, notification.type);
      if (existing.has(k)) continue;
      existing.add(k);
      fresh.push(notification);
    }
    for (let i = 0; i < fresh.length; i += CHUNK) {
      await this.manager.insert(NotificationRecord, fresh.slice(i, i + CHUNK).map(toRecord));
    }
    return fresh;
  }
}

function key(eventId: string, userId: string, type: string): string {
  return `${eventId}\n${userId}\n${type}`;
}

function toRecord(notification: Notification): NotificationRecord {
  return Object.assign(new NotificationRecord(), {
    id: notification.id,
    userId: notification.userId,
    type: notification.type,
    actorId: notification.actorId,
    videoId: notification.videoId,
    commentId: notification.commentId,
    sourceEventId: notification.sourceEventId,
    createdAt: notification.createdAt,
    readAt: notification.readAt,
  });
}

function toNotification(row: NotificationRecord): Notification {
  return {
    id: row.id,
    userId: row.userId,
    type: row.type as NotificationKind,
    actorId: row.actorId,
    videoId: row.videoId,
    commentId: row.commentId,
    sourceEventId: row.sourceEventId,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}
