import type { FollowRepository } from '@newsreel/account-domain';
import { ioTick } from './io-tick';

interface Edge {
  followerId: string;
  followeeId: string;
  at: Date;
  /** Insertion order, to break ties between follows in the same millisecond. */
  seq: number;
}

/** In-memory {@link FollowRepository} for unit tests. */
export class InMemoryFollowRepository implements FollowRepository {
  readonly edges: Edge[] = [];
  private seq = 0;

  async add(followerId: string, followeeId: string, at: Date): Promise<void> {
    await ioTick();
    if (this.find(followerId, followeeId) === -1)
      this.edges.push({ followerId, followeeId, at, seq: this.seq++ });
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
