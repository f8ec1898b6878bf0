import { Inject, Injectable } from '@nestjs/common';
import { PushNotified } from '@newsreel/push-contracts';
import {
  NOTIFICATION_REPOSITORY,
  type Notification,
  type NotificationDraft,
  type NotificationRepository,
  toNotifications,
} from '@newsreel/push-domain';
import { type EventContext, Outbox } from '@newsreel/shared-messaging';
import { toNotificationDto } from './notification.mapper';

/**
 * What every event handler of push does once it knows who to notify: store the notifications
 * and, for each one actually stored, emit `push.notified.v1` (keyed by the recipient, so one
 * user's notifications stay in order) - all in the event's own transaction, so the inbox row,
 * the notifications and the outgoing events commit together or not at all.
 */
@Injectable()
export class Notifier {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(Outbox) private readonly outbox: Pick<Outbox, 'add'>,
  ) {}

  /** Stores and announces `drafts` for the event in `context`, which happened at `occurredAt`. */
  async notify(
    drafts: readonly NotificationDraft[],
    occurredAt: string,
    context: Pick<EventContext, 'eventId' | 'manager'>,
  ): Promise<Notification[]> {
    if (drafts.length === 0) return [];
    const source = { eventId: context.eventId, occurredAt: new Date(occurredAt) };
    // Only what was stored now is announced: a replay that slipped past the inbox adds nothing.
    const stored = await this.notifications.addAll(
      toNotifications(drafts, source),
      context.manager,
    );
    for (const notification of stored) {
      await this.outbox.add(context.manager, PushNotified, toNotificationDto(notification), {
        key: notification.userId,
      });
    }
    return stored;
  }
}
