import type { Notification as NotificationDto } from '@newsreel/push-contracts';
import type { Notification } from '@newsreel/push-domain';

/** The contract's view of a stored notification (`read` instead of the read time). */
export function toNotificationDto(notification: Notification): NotificationDto {
  return {
    id: notification.id,
    userId: notification.userId,
    type: notification.type,
    actorId: notification.actorId,
    videoId: notification.videoId,
    commentId: notification.commentId,
    createdAt: notification.createdAt.toISOString(),
    read: notification.readAt !== null,
  };
}
