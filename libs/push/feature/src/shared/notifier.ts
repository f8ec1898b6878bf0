import { Injectable } from '@nestjs/common';
import { PushNotified } from '@newsreel/push-contracts';
import {
  type Notification,
  type NotificationDraft,
  type PushTransaction,
  toNotifications,
} from '@newsreel/push-domain';
import type { EventContext } from '@newsreel/shared-messaging';
import { toNotificationDto } from './notification.mapper';

/**
 * What every event handler of push does once it knows who to notify: store the notifications
 * and, for each one actually stored, emit `push.notified.v1` (keyed by the recipient, so one
 * user's notifications stay in order) - all in the event's own transaction, so the inbox row,
 * the notifications and the outgoing events commit together or not at all.
 */
@Injectable()
export class Notifier {
  /** Stores and announces `drafts` for the event in `context`, which happened at `occurredAt`. */
  async notify(
    drafts: readonly NotificationDraft[],
    occurredAt: string,
    context: Pick<EventContext<PushTransaction>, 'eventId' | 'tx'>,
  ): Promise<Notification[]> {
    if (drafts.length === 0) return [];
    const source = { eventId: context.eventId, occurredAt: new Date(occurredAt) };
    // Only what was stored now is announced: a replay that slipped past the inbox adds nothing.
    const stored = await context.tx.addAll(toNotifications(drafts, source));
    for (const notification of stored) {
      await context.tx.publish(PushNotified, toNotificationDto(notification), {
        key: notification.userId,
      });
    }
    return stored;
  }
}
