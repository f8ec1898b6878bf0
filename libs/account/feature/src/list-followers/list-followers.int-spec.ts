import { Outbox, type OutboxRelay, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import {
  ACCOUNT_PERSISTENCE,
  TypeOrmFollowRepository,
  TypeOrmUserRepository,
} from '@newsreel/account-data-access';
import type { User } from '@newsreel/account-domain';
import {
  TransactionRunner,
  parseDatabaseUrl,
  toDataSourceOptions,
} from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { ListFollowersHandler } from './list-followers.handler';

// The use case on its real adapter, on every dialect: the ordering (follow time, not id) is SQL.
describe.each(TEST_DATABASES)('listFollowers on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let follows: TypeOrmFollowRepository;
  let handler: ListFollowersHandler;
  const t0 = new Date('2026-01-01T00:00:00.000Z').getTime();

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'followers' });
    dataSource = new DataSource(
      toDataSourceOptions(parseDatabaseUrl(database.url), ACCOUNT_PERSISTENCE),
    );
    await dataSource.initialize();
    follows = new TypeOrmFollowRepository(
      dataSource,
      new TypeOrmUnitOfWork(
        new TransactionRunner(dataSource),
        // The relay (Kafka) is not under test here.
        new Outbox(dataSource, { nudge: () => undefined } as unknown as OutboxRelay),
      ),
    );
    handler = new ListFollowersHandler(follows);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  it('lists followers by follow time, newest first, bounded by limit', async () => {
    const users = new TypeOrmUserRepository(dataSource);
    const make = async (username: string): Promise<User> => {
      const user = {
        id: v7(),
        username,
        displayName: username,
        passwordHash: 'x',
        roles: [],
        createdAt: new Date(t0),
      };
      await users.insert(user);
      return user;
    };
    const star = await make('star');
    const [a, b, c] = [await make('fan-a'), await make('fan-b'), await make('fan-c')];
    const follow = (followerId: string, followeeId: string, at: Date) =>
      follows.run((tx) => tx.add(followerId, followeeId, at));
    // Follow times in the reverse order of the ids, so ordering by id would fail.
    await follow(c.id, star.id, new Date(t0 + 1));
    await follow(b.id, star.id, new Date(t0 + 2));
    await follow(a.id, star.id, new Date(t0 + 3));
    await follow(star.id, a.id, new Date(t0 + 4));

    await expect(handler.execute({ userId: star.id, limit: 10 })).resolves.toEqual({
      ids: [a.id, b.id, c.id],
    });
    await expect(handler.execute({ userId: star.id, limit: 2 })).resolves.toEqual({
      ids: [a.id, b.id],
    });
    await expect(handler.execute({ userId: a.id, limit: 10 })).resolves.toEqual({ ids: [star.id] });
    await expect(handler.execute({ userId: v7(), limit: 10 })).resolves.toEqual({ ids: [] });
  });
});
