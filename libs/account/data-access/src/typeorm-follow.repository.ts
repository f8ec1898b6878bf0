import { Inject, Injectable } from '@nestjs/common';
import type { AccountFollowed } from '@newsreel/account-contracts';
import {
  FollowAlreadyExistsError,
  type FollowRepository,
  type FollowTransaction,
} from '@newsreel/account-domain';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { isUniqueViolation } from '@newsreel/shared-persistence';
import { DataSource, type Repository } from 'typeorm';
import { FollowRecord } from './follow.record';

/**
 * {@link FollowRepository} on the service's database. A new edge and its `account.followed.v1`
 * event commit in one `TypeOrmUnitOfWork` transaction (transactional outbox).
 */
@Injectable()
export class TypeOrmFollowRepository implements FollowRepository {
  private readonly rows: Repository<FollowRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TypeOrmUnitOfWork) private readonly unitOfWork: TypeOrmUnitOfWork,
  ) {
    this.rows = dataSource.getRepository(FollowRecord);
  }

  run<T>(work: (tx: FollowTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmFollowTransaction(manager, services),
      work,
    );
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

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmFollowTransaction
  extends TypeOrmTransaction<typeof AccountFollowed>
  implements FollowTransaction
{
  async add(followerId: string, followeeId: string, at: Date): Promise<boolean> {
    // Checked first: on PostgreSQL a failed insert would abort the whole transaction.
    if (await this.manager.existsBy(FollowRecord, { followerId, followeeId })) return false;
    try {
      await this.manager.insert(FollowRecord, { followerId, followeeId, createdAt: at });
    } catch (error) {
      // A concurrent follow stored the edge between the check and the insert. Insert-and-catch
      // rather than dialect-specific "insert or ignore", which would also swallow FK errors.
      if (isUniqueViolation(error))
        throw new FollowAlreadyExistsError(followerId, followeeId, { cause: error });
      throw error;
    }
    return true;
  }
}
