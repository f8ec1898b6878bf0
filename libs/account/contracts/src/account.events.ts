import { defineEvent } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { Id } from './account.schemas';

/** `account.followed.v1`: `followerId` started following `followeeId` (not re-sent when already following). */
export const AccountFollowed = defineEvent(
  'account.followed',
  1,
  z.object({ followerId: Id, followeeId: Id, occurredAt: z.iso.datetime() }),
);

/**
 * `account.session-revoked.v1`: session `sessionId` (a refresh-token family, the `sid` claim of
 * its access tokens) of `userId` ended: logout, or reuse of a rotated refresh token. Gateways
 * refuse that session's access tokens from then on, instead of until they expire.
 */
export const AccountSessionRevoked = defineEvent(
  'account.session-revoked',
  1,
  z.object({ sessionId: Id, userId: Id, revokedAt: z.iso.datetime() }),
);
