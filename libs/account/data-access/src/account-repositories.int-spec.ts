import { Outbox, type OutboxRelay, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { AccountSessionRevoked } from '@newsreel/account-contracts';
import { type RefreshToken, type User, UsernameTakenError } from '@newsreel/account-domain';
import {
  TransactionRunner,
  parseDatabaseUrl,
  toDataSourceOptions,
} from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { ACCOUNT_PERSISTENCE } from './account-data-access.module';
import { TypeOrmFollowRepository } from './typeorm-follow.repository';
import { TypeOrmRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeOrmUserRepository } from './typeorm-user.repository';

// The same repositories and migration against every dialect the service can run on.
describe.each(TEST_DATABASES)('account repositories on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let users: TypeOrmUserRepository;
  let refreshTokens: TypeOrmRefreshTokenRepository;
  let follows: TypeOrmFollowRepository;
  const t0 = new Date('2026-01-01T00:00:00.123Z');

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'account' });
    // migrationsRun is on in the options: initialize() builds the schema from the migration.
    dataSource = new DataSource(
      toDataSourceOptions(parseDatabaseUrl(database.url), ACCOUNT_PERSISTENCE),
    );
    await dataSource.initialize();
    users = new TypeOrmUserRepository(dataSource);
    // The relay (Kafka) is not under test here.
    const outbox = new Outbox(dataSource, { nudge: () => undefined } as unknown as OutboxRelay);
    const transactions = new TransactionRunner(dataSource);
    const unitOfWork = new TypeOrmUnitOfWork(transactions, outbox);
    refreshTokens = new TypeOrmRefreshTokenRepository(dataSource, unitOfWork, transactions);
    follows = new TypeOrmFollowRepository(dataSource, unitOfWork);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  /** What logout and reuse detection do in their transaction. */
  const revokeFamily = (familyId: string, userId: string, at: Date) =>
    refreshTokens.run(async (tx) => {
      if (!(await tx.revokeFamily(familyId, at))) return;
      const payload = { sessionId: familyId, userId, revokedAt: at.toISOString() };
      await tx.publish(AccountSessionRevoked, payload, { key: userId });
    });
  const follow = (followerId: string, followeeId: string, at: Date) =>
    follows.run((tx) => tx.add(followerId, followeeId, at));

  const newUser = (username: string, createdAt = t0): User => ({
    id: v7(),
    username,
    displayName: `${username} display`,
    passwordHash: `scrypt$17$8$1$salt$${username}`,
    roles: [],
    createdAt,
  });

  const newToken = (
    userId: string,
    familyId: string,
    overrides: Partial<RefreshToken> = {},
  ): RefreshToken => ({
    id: v7(),
    familyId,
    userId,
    secretHash: 'a'.repeat(64),
    createdAt: t0,
    expiresAt: new Date(t0.getTime() + 3_600_000),
    usedAt: null,
    revokedAt: null,
    ...overrides,
  });

  it('migrates: the three tables with their indexes, recorded once', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      for (const name of ['users', 'refresh_tokens', 'follows'])
        expect(await runner.hasTable(name)).toBe(true);
      const usersTable = await runner.getTable('users');
      expect(usersTable?.indices.find((i) => i.columnNames.join() === 'username')?.isUnique).toBe(
        true,
      );
      const tokens = await runner.getTable('refresh_tokens');
      const tokenIndexes = tokens?.indices.map((i) => i.columnNames.join()) ?? [];
      expect(tokenIndexes).toEqual(expect.arrayContaining(['family_id', 'user_id']));
      const followsTable = await runner.getTable('follows');
      expect(followsTable?.primaryColumns.map((c) => c.name).sort()).toEqual([
        'followee_id',
        'follower_id',
      ]);
      expect(followsTable?.indices.map((i) => i.columnNames.join())).toContain('followee_id');
    } finally {
      await runner.release();
    }
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('stores and finds users, with millisecond timestamps', async () => {
    const alice = newUser('alice');
    await users.insert(alice);
    await expect(users.findById(alice.id)).resolves.toEqual(alice);
    await expect(users.findByUsername('alice')).resolves.toEqual(alice);
    await expect(users.findByUsername('ALICE')).resolves.toBeUndefined();
    await expect(users.findById(v7())).resolves.toBeUndefined();
    const bob = newUser('bob');
    await users.insert(bob);
    const found = await users.findByIds([bob.id, v7(), alice.id]);
    expect(found.map((u) => u.username).sort()).toEqual(['alice', 'bob']);
    await expect(users.findByIds([])).resolves.toEqual([]);
  });

  it('keeps the roles a user was granted', async () => {
    const admin = { ...newUser('root_admin'), roles: ['admin'] };
    await users.insert(admin);
    await expect(users.findByUsername('root_admin')).resolves.toMatchObject({ roles: ['admin'] });
    await expect(users.findByUsername('alice')).resolves.toMatchObject({ roles: [] });
  });

  it('maps the unique-username violation to UsernameTakenError', async () => {
    await users.insert(newUser('dora'));
    const error = await users.insert(newUser('dora')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsernameTakenError);
    expect((error as UsernameTakenError).username).toBe('dora');
  });

  it('never lets a password hash out in an unexpected insert error', async () => {
    const tooLong = { ...newUser('x'.repeat(40)), passwordHash: 'scrypt$secret-hash-value' };
    const error = await users.insert(tooLong).catch((e: unknown) => e);
    // SQLite does not enforce varchar lengths; the other dialects refuse the 40-character name.
    if (server.name === 'sqlite') return expect(error).toBeUndefined();
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error)).not.toContain('secret-hash-value');
    expect(String((error as Error).message)).not.toContain('secret-hash-value');
    expect(Object.keys(error as object)).not.toContain('parameters');
  });

  it('rotates a token once: the second rotation of the same token stores nothing', async () => {
    const user = newUser('rotator');
    await users.insert(user);
    const familyId = v7();
    const first = newToken(user.id, familyId);
    await refreshTokens.insert(first);
    await expect(refreshTokens.findById(first.id)).resolves.toEqual(first);

    const usedAt = new Date(t0.getTime() + 1000);
    const second = newToken(user.id, familyId);
    const third = newToken(user.id, familyId);
    const outcomes = await Promise.all([
      refreshTokens.rotate(first.id, usedAt, second),
      refreshTokens.rotate(first.id, usedAt, third),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
    await expect(refreshTokens.findById(first.id)).resolves.toMatchObject({ usedAt });
    const stored = await Promise.all([
      refreshTokens.findById(second.id),
      refreshTokens.findById(third.id),
    ]);
    expect(stored.filter(Boolean)).toHaveLength(1);
  });

  /** The `account.session-revoked.v1` payloads in the outbox, for `sessionId`. */
  const revocationEvents = async (sessionId: string) => {
    const rows = await dataSource.query<{ payload: string }[]>(
      `SELECT payload FROM outbox WHERE topic = 'account.session-revoked.v1'`,
    );
    return rows
      .map((row) => JSON.parse(row.payload) as { sessionId: string; userId: string })
      .filter((event) => event.sessionId === sessionId);
  };

  it('revokes a whole family and nothing else, recording one session-revoked event', async () => {
    const user = newUser('revoker');
    await users.insert(user);
    const family = v7();
    const otherFamily = v7();
    const earlier = new Date(t0.getTime() + 5);
    const tokens = [
      newToken(user.id, family, { usedAt: t0 }),
      newToken(user.id, family),
      newToken(user.id, family, { revokedAt: earlier }),
      newToken(user.id, otherFamily),
    ];
    for (const token of tokens) await refreshTokens.insert(token);

    const at = new Date(t0.getTime() + 60_000);
    await revokeFamily(family, user.id, at);
    const unknown = v7();
    await revokeFamily(unknown, user.id, at);
    // Again: nothing left to revoke, so no second event.
    await revokeFamily(family, user.id, at);
    expect(await revocationEvents(family)).toEqual([
      { sessionId: family, userId: user.id, revokedAt: at.toISOString() },
    ]);
    expect(await revocationEvents(unknown)).toEqual([]);
    const after = await Promise.all(tokens.map((t) => refreshTokens.findById(t.id)));
    expect(after.map((t) => t?.revokedAt?.getTime() ?? null)).toEqual([
      at.getTime(),
      at.getTime(),
      earlier.getTime(),
      null,
    ]);
    // A revoked token cannot be rotated any more.
    await expect(refreshTokens.rotate(tokens[1].id, at, newToken(user.id, family))).resolves.toBe(
      false,
    );
  });

  it('keeps one edge per follow, counts both directions and lists newest first', async () => {
    const [a, b, c, d] = ['fa', 'fb', 'fc', 'fd'].map((name) => newUser(name));
    for (const user of [a, b, c, d]) await users.insert(user);
    await follow(a.id, b.id, new Date(t0.getTime() + 1));
    await follow(a.id, c.id, new Date(t0.getTime() + 2));
    await follow(a.id, d.id, new Date(t0.getTime() + 3));
    await follow(a.id, b.id, new Date(t0.getTime() + 4)); // again: no-op, keeps its time
    await follow(c.id, b.id, new Date(t0.getTime() + 5));
    await follow(d.id, b.id, new Date(t0.getTime() + 6));

    await expect(follows.countFollowers(b.id)).resolves.toBe(3);
    await expect(follows.countFollowing(a.id)).resolves.toBe(3);
    await expect(follows.countFollowers(a.id)).resolves.toBe(0);
    await expect(follows.listFollowing(a.id, 10)).resolves.toEqual([d.id, c.id, b.id]);
    await expect(follows.listFollowing(a.id, 2)).resolves.toEqual([d.id, c.id]);

    await follows.remove(a.id, c.id);
    await follows.remove(a.id, c.id);
    await expect(follows.countFollowing(a.id)).resolves.toBe(2);
    await expect(follows.listFollowing(a.id, 10)).resolves.toEqual([d.id, b.id]);
    await expect(follows.listFollowing(v7(), 10)).resolves.toEqual([]);
  });
});
