import { Inject, Injectable } from '@nestjs/common';
import {
  type Like,
  LikeAlreadyExistsError,
  type LikeCount,
  type LikeEvent,
  type LikeRepository,
  type LikeTransaction,
  zeroLikeCount,
} from '@newsreel/like-domain';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { TransactionRunner, isUniqueViolation } from '@newsreel/shared-persistence';
import { DataSource, In, type Repository } from 'typeorm';
import { LikeCountRecord } from './like-count.record';
import { LikeRecord } from './like.record';

/**
 * {@link LikeRepository} on the like service's database: likes, counters and the outbox in one
 * `TypeOrmUnitOfWork` transaction. The same statements run on SQLite, MariaDB and PostgreSQL.
 */
@Injectable()
export class TypeOrmLikeRepository implements LikeRepository {
  private readonly likes: Repository<LikeRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TypeOrmUnitOfWork) private readonly unitOfWork: TypeOrmUnitOfWork,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
  ) {
    this.likes = dataSource.getRepository(LikeRecord);
  }

  run<T>(work: (tx: LikeTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmLikeTransaction(manager, services),
      work,
    );
  }

  countOf(videoId: string): Promise<LikeCount> {
    // Through the runner: on SQLite (one connection) a plain read would see a transaction that is
    // still open and may roll back, and that count and revision would then be copied to Redis.
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(LikeCountRecord, { videoId });
      return row ? toLikeCount(row) : zeroLikeCount(videoId);
    });
  }

  async likedVideoIds(userId: string, videoIds: readonly string[]): Promise<string[]> {
    if (videoIds.length === 0) return [];
    // One primary-key range read: (user_id, video_id IN ...).
    const rows = await this.likes.find({
      select: { videoId: true },
      where: { userId, videoId: In([...new Set(videoIds)]) },
    });
    const liked = new Set(rows.map((row) => row.videoId));
    // In the caller's order, once each, whatever order the database returned.
    return [...new Set(videoIds)].filter((id) => liked.has(id));
  }
}

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmLikeTransaction extends TypeOrmTransaction<LikeEvent> implements LikeTransaction {
  async insert(like: Like): Promise<void> {
    try {
      await this.manager.insert(LikeRecord, {
        userId: like.userId,
        videoId: like.videoId,
        createdAt: like.createdAt,
      });
    } catch (error) {
      // Insert-and-catch, not check-then-insert: only the primary key decides a concurrent race.
      if (isUniqueViolation(error))
        throw new LikeAlreadyExistsError(like.userId, like.videoId, { cause: error });
      throw error;
    }
  }

  async delete(userId: string, videoId: string): Promise<boolean> {
    const result = await this.manager.delete(LikeRecord, { userId, videoId });
    return (result.affected ?? 0) > 0;
  }

  async adjustCount(videoId: string, delta: 1 | -1): Promise<LikeCount> {
    // UPDATE first: for an existing counter (the usual case) it takes the row's write lock at
    // once. Creating the row with "insert unless present" first instead would take a shared lock
    // on MySQL, and two such transactions then deadlock on their UPDATEs.
    if (!(await this.bump(videoId, delta))) {
      // First like of this video: create the row at 0 (a concurrent creator's row is kept), then
      // count. `orIgnore` is ON CONFLICT DO NOTHING / INSERT IGNORE / INSERT OR IGNORE; the
      // table has no foreign keys an IGNORE could hide.
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(LikeCountRecord)
        .values({ videoId, count: 0, revision: 0 })
        .orIgnore()
        .execute();
      if (!(await this.bump(videoId, delta)))
        throw new Error(`like_counts row of video ${videoId} is missing after creating it`);
    }
    const row = await this.manager.findOneByOrFail(LikeCountRecord, { videoId });
    return toLikeCount(row);
  }

  /** One atomic UPDATE of the counter; `false` when the row does not exist yet. */
  private async bump(videoId: string, delta: 1 | -1): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(LikeCountRecord)
      .set({
        // Computed by the database, so concurrent transactions never lose an update.
        count: () => (delta > 0 ? 'count + 1' : 'CASE WHEN count > 0 THEN count - 1 ELSE 0 END'),
        revision: () => 'revision + 1',
      })
      .where('video_id = :videoId', { videoId })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

function toLikeCount(row: LikeCountRecord): LikeCount {
  return { videoId: row.videoId, count: Number(row.count), revision: Number(row.revision) };
}
