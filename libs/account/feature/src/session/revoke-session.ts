import { AccountSessionRevoked } from '@newsreel/account-contracts';
import type { RefreshTokenRepository } from '@newsreel/account-domain';

/**
 * Revokes a session (every not yet revoked refresh token of the family) and, when that revoked
 * any, publishes `account.session-revoked.v1` (keyed by the user) in the same transaction, so
 * gateways stop accepting the session's access tokens. A no-op for an unknown or already revoked
 * family. Shared by logout and refresh-token reuse detection.
 */
export function revokeSession(
  refreshTokens: RefreshTokenRepository,
  familyId: string,
  userId: string,
  at: Date,
): Promise<void> {
  return refreshTokens.run(async (tx) => {
    if (!(await tx.revokeFamily(familyId, at))) return;
    await tx.publish(
      AccountSessionRevoked,
      { sessionId: familyId, userId, revokedAt: at.toISOString() },
      { key: userId },
    );
  });
}
