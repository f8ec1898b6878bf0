import { defineEvent } from '@newsreel/shared-contracts';
import { NotificationSchema } from './push.schemas';

/**
 * `push.notified.v1`: a notification was added to an inbox. Every gateway instance consumes it
 * (each in its own consumer group) and forwards it to that user's open streams, so live
 * delivery works however many gateways there are.
 */
export const PushNotified = defineEvent('push.notified', 1, NotificationSchema);
