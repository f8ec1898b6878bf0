import type { AccountSessionRevoked } from '@newsreel/account-contracts';
import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';
import type { RefreshToken } from './refresh-token';

/**
 * Port: where refresh tokens live. Revoking a session runs in a {@link SessionTransaction}
 * (`run`, from `UnitOfWork`), with its `account.session-revoked.v1` event.
 */
export interface RefreshTokenRepository extends UnitOfWork<SessionTransaction> {
  insert(token: RefreshToken): Promise<void>;
  findById(id: string): Promise<RefreshToken | undefined>;
  /**
   * Marks `usedId` used at `at` and stores `successor`, in one transaction. Returns false (and
   * stores nothing) when the token was no longer fresh at that moment: used or revoked by a
   * concurrent request, which the caller treats as reuse.
   */
  rotate(usedId: string, at: Date, successor: RefreshToken): Promise<boolean>;
}

/** The writes of one `RefreshTokenRepository.run`, and the event it may publish. */
export interface SessionTransaction extends Transaction<typeof AccountSessionRevoked> {
  /**
   * Revokes every not yet revoked token of the family (a session) at `at`; `false` when that
   * revoked nothing (an unknown or already revoked family).
   */
  revokeFamily(familyId: string, at: Date): Promise<boolean>;
}
