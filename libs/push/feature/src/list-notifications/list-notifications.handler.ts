import { Inject, Injectable } from '@nestjs/common';
import type { PushContract } from '@newsreel/push-contracts';
import {
  NOTIFICATION_REPOSITORY,
  type NotificationRepository,
  decodeCursor,
  encodeCursor,
} from '@newsreel/push-domain';
import { type ResponseOf, RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { toNotificationDto } from '../shared/notification.mapper';
import type { ListNotificationsQuery } from './list-notifications.query';

/** A user's inbox, newest first, with keyset pagination and the number of unread ones. */
@Injectable()
export class ListNotificationsHandler {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
  ) {}

  async execute(query: ListNotificationsQuery): Promise<ResponseOf<PushContract, 'list'>> {
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && beforeId === undefined) {
      throw new RpcError(RpcStatus.INVALID_ARGUMENT, 'Invalid cursor', [
        { path: 'cursor', message: 'Invalid cursor' },
      ]);
    }
    // One extra row tells whether another page exists without a COUNT.
    const [rows, unread] = await Promise.all([
      this.notifications.page({ userId: query.userId, beforeId, limit: query.limit + 1 }),
      this.notifications.countUnread(query.userId),
    ]);
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null;
    return { items: items.map(toNotificationDto), nextCursor, unread };
  }
}
