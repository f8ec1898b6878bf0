import { z } from 'zod';

export const NotificationId = z.uuid();
export const UserId = z.uuid();

/** Why someone is notified. */
export const NOTIFICATION_TYPES = ['like', 'comment', 'reply', 'follow', 'video'] as const;
export const NotificationType = z.enum(NOTIFICATION_TYPES);

export const NotificationSchema = z.object({
  id: NotificationId,
  /** Who is notified. */
  userId: UserId,
  type: NotificationType,
  /** Who did it (the gateway adds their name). */
  actorId: UserId,
  videoId: z.uuid().nullable(),
  commentId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  read: z.boolean(),
});
/** One notification in a user's inbox. */
export type Notification = z.output<typeof NotificationSchema>;
