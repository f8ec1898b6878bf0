import type { RefreshToken } from './refresh-token';

/** Port: where refresh tokens live. */
export interface RefreshTokenRepository {
  insert(token: RefreshToken): Promise<void>;
  findById(id: string): Promise<RefreshToken | undefined>;
  /**
   * Marks `usedId` used at `at` and stores `successor`, in one transaction. Returns false (and
   * stores nothing) when the token was no longer fresh at that moment: used or revoked by a
   * concurrent request, which the caller treats as reuse.
   */
  rotate(usedId: string, at: Date, successor: RefreshToken): Promise<boolean>;
  /**
   * Revokes every not yet revoked token of the family (a session) and, when that revoked any,
   * records `account.session-revoked.v1` with it, so gateways stop accepting the session's access
   * tokens. A no-op for an unknown or already revoked family.
   */
  revokeFamily(familyId: string, userId: string, at: Date): Promise<void>;
}
