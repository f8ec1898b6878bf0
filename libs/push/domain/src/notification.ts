import type { NOTIFICATION_TYPES } from '@newsreel/push-contracts';
import { notificationId } from './notification-id';

/** Why someone is notified: `like`, `comment`, `reply`, `follow` or `video`. */
export type NotificationKind = (typeof NOTIFICATION_TYPES)[number];

/** Who is to be notified of what, before it becomes a stored {@link Notification}. */
export interface NotificationDraft {
  /** The recipient. */
  userId: string;
  type: NotificationKind;
  /** Who did it. */
  actorId: string;
  videoId: string | null;
  commentId: string | null;
}

/** One entry of a user's inbox, as the push context stores it. */
export interface Notification extends NotificationDraft {
  /** Time-ordered and derived from (event, recipient, type): see {@link notificationId}. */
  id: string;
  /** The event it came from; with `userId` and `type` it is unique. */
  sourceEventId: string;
  /** When the fact happened (the event's `occurredAt`), so a redelivery makes the same row. */
  createdAt: Date;
  readAt: Date | null;
}

/** The event a batch of drafts comes from. */
export interface NotificationSource {
  eventId: string;
  occurredAt: Date;
}

/**
 * Turns drafts into notifications. Everything is derived from the event and the draft (no
 * clock, no random), so processing the same event twice yields identical rows.
 */
export function toNotifications(
  drafts: readonly NotificationDraft[],
  source: NotificationSource,
): Notification[] {
  return drafts.map((draft) => ({
    ...draft,
    id: notificationId(source.eventId, draft.userId, draft.type, source.occurredAt),
    sourceEventId: source.eventId,
    createdAt: source.occurredAt,
    readAt: null,
  }));
}

/** One page of a user's inbox; pages are newest first. */
export interface InboxQuery {
  userId: string;
  /** Only notifications older than this one (exclusive): keyset pagination. */
  beforeId?: string;
  limit: number;
}
