import { type RefreshToken, type RefreshTokenRepository } from '@newsreel/account-domain';
import { ioTick } from './io-tick';

/** In-memory {@link RefreshTokenRepository} for unit tests. */
export class InMemoryRefreshTokenRepository implements RefreshTokenRepository {
  readonly tokens = new Map<string, RefreshToken>();

  async insert(token: RefreshToken): Promise<void> {
    await ioTick();
    if (this.tokens.has(token.id)) throw new Error(`duplicate refresh token ${token.id}`);
    this.tokens.set(token.id, { ...token });
  }

  async findById(id: string): Promise<RefreshToken | undefined> {
    await ioTick();
    const token = this.tokens.get(id);
    return token && { ...token };
  }

  async rotate(usedId: string, at: Date, successor: RefreshToken): Promise<boolean> {
    await ioTick();
    const used = this.tokens.get(usedId);
    if (!used || used.usedAt || used.revokedAt) return false;
    used.usedAt = at;
    this.tokens.set(successor.id, { ...successor });
    return true;
  }

  /** Sessions whose revocation was recorded (what the outbox would publish), in order. */
  readonly revokedSessions: { sessionId: string; userId: string }[] = [];

  async revokeFamily(familyId: string, userId: string, at: Date): Promise<void> {
    await ioTick();
    let revoked = 0;
    for (const token of this.tokens.values()) {
      if (token.familyId === familyId && !token.revokedAt) {
        token.revokedAt = at;
        revoked += 1;
      }
    }
    if (revoked > 0) this.revokedSessions.push({ sessionId: familyId, userId });
  }

  /** Test helper: the tokens of one family. */
  family(familyId: string): RefreshToken[] {
    return [...this.tokens.values()].filter((t) => t.familyId === familyId);
  }
}
