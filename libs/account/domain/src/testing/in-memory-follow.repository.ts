import type { AccountFollowed } from '@newsreel/account-contracts';
import type { FollowRepository, FollowTransaction } from '..';
import { type PublishedEvent, RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';
import { ioTick } from '@newsreel/shared-unit-of-work/testing';

interface Edge {
  followerId: string;
  followeeId: string;
  at: Date;
  /** Insertion order, to break ties between follows in the same millisecond. */
  seq: number;
}

/**
 * In-memory {@link FollowRepository} for unit tests. A transaction's writes apply at once; its
 * events reach `published` only when its work succeeds, as they would commit.
 */
export class InMemoryFollowRepository implements FollowRepository {
  readonly edges: Edge[] = [];
  /** Events of committed transactions, in commit order. */
  readonly published: PublishedEvent[] = [];
  private seq = 0;

  async run<T>(work: (tx: FollowTransaction) => Promise<T>): Promise<T> {
    const tx = new InMemoryFollowTransaction(this);
    const result = await work(tx);
    this.published.push(...tx.published);
    await tx.committed();
    return result;
  }

  /** Adds the edge unless it exists; what a transaction's `add` does. */
  async addEdge(followerId: string, followeeId: string, at: Date): Promise<boolean> {
    await ioTick();
    if (this.find(followerId, followeeId) !== -1) return false;
    this.edges.push({ followerId, followeeId, at, seq: this.seq++ });
    return true;
  }

  async remove(followerId: string, followeeId: string): Promise<void> {
    await ioTick();
    const index = this.find(followerId, followeeId);
    if (index !== -1) this.edges.splice(index, 1);
  }

  async countFollowers(userId: string): Promise<number> {
    await ioTick();
    return this.edges.filter((e) => e.followeeId === userId).length;
  }

  async countFollowing(userId: string): Promise<number> {
    await ioTick();
    return this.edges.filter((e) => e.followerId === userId).length;
  }

  async listFollowing(userId: string, limit: number): Promise<string[]> {
    await ioTick();
    return this.edges
      .filter((e) => e.followerId === userId)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq)
      .slice(0, limit)
      .map((e) => e.followeeId);
  }

  async listFollowers(userId: string, limit: number): Promise<string[]> {
    await ioTick();
    return this.edges
      .filter((e) => e.followeeId === userId)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq)
      .slice(0, limit)
      .map((e) => e.followerId);
  }

  private find(followerId: string, followeeId: string): number {
    return this.edges.findIndex((e) => e.followerId === followerId && e.followeeId === followeeId);
  }
}

class InMemoryFollowTransaction
  extends RecordingTransaction<typeof AccountFollowed>
  implements FollowTransaction
{
  constructor(private readonly repository: InMemoryFollowRepository) {
    super();
  }

  add(followerId: string, followeeId: string, at: Date): Promise<boolean> {
    return this.repository.addEdge(followerId, followeeId, at);
  }
}
