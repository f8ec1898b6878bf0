import { defineEvent } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { Id } from './account.schemas';

/** `account.followed.v1`: `followerId` started following `followeeId` (not re-sent when already following). */
export const AccountFollowed = defineEvent(
  'account.followed',
  1,
  z.object({ followerId: Id, followeeId: Id, occurredAt: z.iso.datetime() }),
);
