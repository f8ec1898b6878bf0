import type { AccountSessionRevoked } from '@newsreel/account-contracts';
import type { RefreshToken, RefreshTokenRepository, SessionTransaction } from '..';
import { RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';
import { ioTick } from '@newsreel/shared-unit-of-work/testing';

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

  /** Sessions whose revocation was published (what the outbox would send), in order. */
  readonly revokedSessions: { sessionId: string; userId: string }[] = [];

  /** Writes apply at once; events are kept only when `work` succeeds, as they would commit. */
  async run<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    const tx = new InMemorySessionTransaction(this.tokens);
    const result = await work(tx);
    for (const { payload } of tx.published) {
      const { sessionId, userId } = payload as { sessionId: string; userId: string };
      this.revokedSessions.push({ sessionId, userId });
    }
    await tx.committed();
    return result;
  }

  /** Test helper: the tokens of one family. */
  family(familyId: string): RefreshToken[] {
    return [...this.tokens.values()].filter((t) => t.familyId === familyId);
  }
}

class InMemorySessionTransaction
  extends RecordingTransaction<typeof AccountSessionRevoked>
  implements SessionTransaction
{
  constructor(private readonly tokens: Map<string, RefreshToken>) {
    super();
  }

  async revokeFamily(familyId: string, at: Date): Promise<boolean> {
    await ioTick();
    let revoked = 0;
    for (const token of this.tokens.values()) {
      if (token.familyId === familyId && !token.revokedAt) {
        token.revokedAt = at;
        revoked += 1;
      }
    }
    return revoked > 0;
  }
}
