import { Inject, Injectable } from '@nestjs/common';
import { AccountFollowed } from '@newsreel/account-contracts';
import type { FollowRepository } from '@newsreel/account-domain';
import { Outbox } from '@newsreel/shared-messaging';
import { TransactionRunner, isUniqueViolation } from '@newsreel/shared-persistence';
import { DataSource, type Repository } from 'typeorm';
import { FollowRecord } from './follow.record';

/**
 * {@link FollowRepository} on the service's database. A new edge is stored together with its
 * `account.followed.v1` event (transactional outbox); following again stores and publishes nothing.
 */
@Injectable()
export class TypeOrmFollowRepository implements FollowRepository {
  private readonly rows: Repository<FollowRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
  ) {
    this.rows = dataSource.getRepository(FollowRecord);
  }

  async add(followerId: string, followeeId: string, at: Date): Promise<void> {
    try {
      await this.tx.run(async (manager) => {
        // Checked first: on PostgreSQL a failed insert would abort the whole transaction.
        if (await manager.existsBy(FollowRecord, { followerId, followeeId })) return;
        await manager.insert(FollowRecord, { followerId, followeeId, createdAt: at });
        await this.outbox.add(
          manager,
          AccountFollowed,
          { followerId, followeeId, occurredAt: at.toISOString() },
          { key: followeeId },
        );
      });
    } catch (error) {
      // The edge exists (maybe from a concurrent follow): following is idempotent. Insert-and-catch
      // rather than dialect-specific "insert or ignore", which would also swallow FK errors.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async remove(followerId: string, followeeId: string): Promise<void> {
    await this.rows.delete({ followerId, followeeId });
  }

  countFollowers(userId: string): Promise<number> {
    return this.rows.countBy({ followeeId: userId });
  }

  countFollowing(userId: string): Promise<number> {
    return this.rows.countBy({ followerId: userId });
  }

  async listFollowing(userId: string, limit: number): Promise<string[]> {
    const rows = await this.rows.find({
      select: { followeeId: true },
      where: { followerId: userId },
      // Ids are UUIDv7 but say nothing about follow time; the id only breaks ties.
      order: { createdAt: 'DESC', followeeId: 'DESC' },
      take: limit,
    });
    return rows.map((row) => row.followeeId);
  }

  async listFollowers(userId: string, limit: number): Promise<string[]> {
    const rows = await this.rows.find({
      select: { followerId: true },
      where: { followeeId: userId },
      order: { createdAt: 'DESC', followerId: 'DESC' },
      take: limit,
    });
    return rows.map((row) => row.followerId);
  }
}
