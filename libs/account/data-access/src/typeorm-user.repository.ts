import { Inject, Injectable } from '@nestjs/common';
import { type User, type UserRepository, UsernameTakenError } from '@newsreel/account-domain';
import { isUniqueViolation } from '@newsreel/shared-persistence';
import { DataSource, In, type Repository } from 'typeorm';
import { UserRecord } from './user.record';

/** {@link UserRepository} on the service's database. */
@Injectable()
export class TypeOrmUserRepository implements UserRepository {
  private readonly rows: Repository<UserRecord>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.rows = dataSource.getRepository(UserRecord);
  }

  async insert(user: User): Promise<void> {
    try {
      await this.rows.insert(toRow(user));
    } catch (error) {
      // The unique index decides who gets a name when two registrations race.
      if (isUniqueViolation(error)) throw new UsernameTakenError(user.username);
      throw withoutParameters(error);
    }
  }

  async findById(id: string): Promise<User | undefined> {
    return toUser(await this.rows.findOneBy({ id }));
  }

  async findByUsername(username: string): Promise<User | undefined> {
    return toUser(await this.rows.findOneBy({ username }));
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows.findBy({ id: In([...ids]) });
    return rows.map((row) => toUser(row)!);
  }
}

function toRow(user: User): UserRecord {
  return Object.assign(new UserRecord(), {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    passwordHash: user.passwordHash,
    roles: user.roles.join(','),
    createdAt: user.createdAt,
  });
}

function toUser(row: UserRecord | null): User | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    passwordHash: row.passwordHash,
    roles: row.roles ? row.roles.split(',') : [],
    createdAt: row.createdAt,
  };
}

/**
 * TypeORM's `QueryFailedError` carries the statement's parameters, and the RPC layer logs
 * unexpected errors whole: for an INSERT into `users` that would put a password hash in the
 * logs. Keep the driver's message (it names no values) and drop the rest.
 */
function withoutParameters(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`Storing a user failed: ${message}`);
}
