/**
 * One refresh token as stored. Only a SHA-256 hash of its secret is kept, so a leaked table
 * cannot be replayed. Tokens issued by rotation share a `familyId` (one family per login), which
 * is what gets revoked when a rotated token is presented again.
 */
export interface RefreshToken {
  /** UUIDv7; also the first half of the token string, to find the row without the secret. */
  id: string;
  familyId: string;
  userId: string;
  /** SHA-256 of the secret, hex. */
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the token was exchanged for its successor; presenting it again is reuse. */
  usedAt: Date | null;
  /** Set when its family was revoked (logout or reuse detected). */
  revokedAt: Date | null;
}
