import { defineContract, method, pingMethod } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { NotificationId, NotificationSchema, UserId } from './push.schemas';

/** The `push` service's RPC contract (`newsreel.push.v1`): each user's notification inbox. */
export const PushContract = defineContract('push', 'v1', {
  ping: pingMethod,
  /** Newest first, with the number of unread notifications. */
  list: method({
    request: z.strictObject({
      userId: UserId,
      cursor: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    response: z.object({
      items: z.array(NotificationSchema),
      nextCursor: z.string().nullable(),
      unread: z.number().int(),
    }),
    idempotent: true,
  }),
  /** Marks `ids` (all when absent) as read; ids of other users are ignored. */
  markRead: method({
    request: z.strictObject({ userId: UserId, ids: z.array(NotificationId).max(100).optional() }),
    response: z.object({}),
    idempotent: true,
  }),
});

/** Type of {@link PushContract}. */
export type PushContract = typeof PushContract;
