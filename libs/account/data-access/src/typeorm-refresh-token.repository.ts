import { Inject, Injectable } from '@nestjs/common';
import type { AccountSessionRevoked } from '@newsreel/account-contracts';
import type {
  RefreshToken,
  RefreshTokenRepository,
  SessionTransaction,
} from '@newsreel/account-domain';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { TransactionRunner } from '@newsreel/shared-persistence';
import { DataSource, type Repository } from 'typeorm';
import { RefreshTokenRecord } from './refresh-token.record';

// Conditions are written as SQL rather than `IsNull()` find operators: the epoch-millisecond
// transformer of timestamp columns is also applied to operators in `where`, and fails on them.
const FRESH = 'used_at IS NULL AND revoked_at IS NULL';

/** {@link RefreshTokenRepository} on the service's database. */
@Injectable()
export class TypeOrmRefreshTokenRepository implements RefreshTokenRepository {
  private readonly rows: Repository<RefreshTokenRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TypeOrmUnitOfWork) private readonly unitOfWork: TypeOrmUnitOfWork,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
  ) {
    this.rows = dataSource.getRepository(RefreshTokenRecord);
  }

  run<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmSessionTransaction(manager, services),
      work,
    );
  }

  async insert(token: RefreshToken): Promise<void> {
    await this.rows.insert(toRow(token));
  }

  async findById(id: string): Promise<RefreshToken | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toToken(row) : undefined;
  }

  async rotate(usedId: string, at: Date, successor: RefreshToken): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      // Conditional update: of two concurrent refreshes with the same token exactly one sees
      // affected = 1; the other stores nothing and is treated as reuse by the caller.
      const marked = await manager
        .createQueryBuilder()
        .update(RefreshTokenRecord)
        .set({ usedAt: at })
        .where(`id = :id AND ${FRESH}`, { id: usedId })
        .execute();
      if (marked.affected !== 1) return false;
      await manager.insert(RefreshTokenRecord, toRow(successor));
      return true;
    });
  }
}

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmSessionTransaction
  extends TypeOrmTransaction<typeof AccountSessionRevoked>
  implements SessionTransaction
{
  async revokeFamily(familyId: string, at: Date): Promise<boolean> {
    // Already revoked tokens keep their original revocation time.
    const revoked = await this.manager
      .createQueryBuilder()
      .update(RefreshTokenRecord)
      .set({ revokedAt: at })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
    return (revoked.affected ?? 0) > 0;
  }
}

function toRow(token: RefreshToken): RefreshTokenRecord {
  return Object.assign(new RefreshTokenRecord(), toToken(token));
}

function toToken(row: RefreshToken): RefreshToken {
  return {
    id: row.id,
    familyId: row.familyId,
    userId: row.userId,
    secretHash: row.secretHash,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    revokedAt: row.revokedAt,
  };
}
