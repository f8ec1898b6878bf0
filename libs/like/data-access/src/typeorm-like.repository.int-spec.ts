import { LikeCreated, LikeRemoved } from '@newsreel/like-contracts';
import { LikeAlreadyExistsError, type LikeTransaction } from '@newsreel/like-domain';
import { loadConfig } from '@newsreel/shared-config';
import {
  Outbox,
  OutboxRecord,
  type OutboxRelay,
  TypeOrmUnitOfWork,
} from '@newsreel/shared-messaging';
import { TransactionRunner, openDatabase } from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { LIKE_PERSISTENCE } from './like-data-access.module';
import { TypeOrmLikeRepository } from './typeorm-like.repository';

// The repository, its migration and the outbox writes on every dialect the service runs on,
// including real concurrency on MariaDB and PostgreSQL (SQLite queues its transactions).
describe.each(TEST_DATABASES)('TypeOrmLikeRepository on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repo: TypeOrmLikeRepository;
  const author = uuidv7();
  const at = new Date('2026-11-21T10:00:00.123Z');

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'like' });
    const config = loadConfig({
      service: 'like',
      env: { NEWSREEL_LIKE_DATABASE_URL: database.url },
    });
    ({ dataSource } = await openDatabase(config, 'like', LIKE_PERSISTENCE));
    // The relay is not under test: the rows it would publish are read from the table instead.
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    const transactions = new TransactionRunner(dataSource);
    repo = new TypeOrmLikeRepository(
      dataSource,
      new TypeOrmUnitOfWork(transactions, new Outbox(dataSource, relay)),
      transactions,
    );
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  /** What the like use case does in its transaction. */
  const like = (userId: string, videoId: string) =>
    repo.run(async (tx) => {
      await tx.insert({ userId, videoId, createdAt: at });
      const counter = await tx.adjustCount(videoId, +1);
      await tx.publish(
        LikeCreated,
        { userId, videoId, videoAuthorId: author, occurredAt: at.toISOString() },
        { key: videoId },
      );
      return counter;
    });
  const outboxOf = async (videoId: string) =>
    (await dataSource.getRepository(OutboxRecord).findBy({ messageKey: videoId }))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((row) => ({ topic: row.topic, payload: JSON.parse(row.payload) as unknown }));
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  it('migrates likes (primary key user, video) and like_counts (video)', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const likes = await runner.getTable('likes');
      expect(likes?.primaryColumns.map((c) => c.name).sort()).toEqual(['user_id', 'video_id']);
      const counts = await runner.getTable('like_counts');
      expect(counts?.primaryColumns.map((c) => c.name)).toEqual(['video_id']);
      expect(counts?.columns.map((c) => c.name).sort()).toEqual(['count', 'revision', 'video_id']);
    } finally {
      await runner.release();
    }
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('commits the like, the counter and the outbox row together', async () => {
    const [alice, video] = [uuidv7(), uuidv7()];
    await expect(repo.countOf(video)).resolves.toEqual({ videoId: video, count: 0, revision: 0 });
    await expect(like(alice, video)).resolves.toEqual({ videoId: video, count: 1, revision: 1 });
    await expect(repo.countOf(video)).resolves.toEqual({ videoId: video, count: 1, revision: 1 });
    await expect(repo.likedVideoIds(alice, [video])).resolves.toEqual([video]);
    expect(await outboxOf(video)).toEqual([
      {
        topic: 'like.created.v1',
        payload: {
          userId: alice,
          videoId: video,
          videoAuthorId: author,
          occurredAt: '2026-11-21T10:00:00.123Z',
        },
      },
    ]);
  });

  it('refuses a duplicate like with LikeAlreadyExistsError and keeps nothing of that transaction', async () => {
    const [alice, video] = [uuidv7(), uuidv7()];
    await like(alice, video);
    const error = await failure(like(alice, video));
    expect(error).toBeInstanceOf(LikeAlreadyExistsError);
    expect(error).toMatchObject({ userId: alice, videoId: video });
    await expect(repo.countOf(video)).resolves.toMatchObject({ count: 1, revision: 1 });
    expect(await outboxOf(video)).toHaveLength(1);
  });

  it('settles two concurrent identical likes: one commits, the other is a duplicate', async () => {
    const [alice, video] = [uuidv7(), uuidv7()];
    const outcomes = await Promise.allSettled([like(alice, video), like(alice, video)]);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(LikeAlreadyExistsError);
    await expect(repo.countOf(video)).resolves.toMatchObject({ count: 1, revision: 1 });
    expect(await outboxOf(video)).toHaveLength(1);
  });

  it('counts concurrent likes of many users on a new video exactly', async () => {
    const video = uuidv7();
    const users = Array.from({ length: 8 }, () => uuidv7());
    const counters = await Promise.all(users.map((user) => like(user, video)));
    // Each transaction saw its own increment: revisions are 1..8, each once.
    expect(counters.map((c) => c.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(counters.every((c) => c.count === c.revision)).toBe(true);
    await expect(repo.countOf(video)).resolves.toEqual({ videoId: video, count: 8, revision: 8 });
    expect(await outboxOf(video)).toHaveLength(8);
  });

  it('deletes once and never counts below zero', async () => {
    const [alice, video] = [uuidv7(), uuidv7()];
    await like(alice, video);
    const unlike = (tx: LikeTransaction) => tx.delete(alice, video);
    await expect(repo.run(unlike)).resolves.toBe(true);
    await expect(repo.run(unlike)).resolves.toBe(false);
    await expect(repo.run((tx) => tx.adjustCount(video, -1))).resolves.toEqual({
      videoId: video,
      count: 0,
      revision: 2,
    });
    await expect(repo.run((tx) => tx.adjustCount(video, -1))).resolves.toMatchObject({
      count: 0,
      revision: 3,
    });
    // A counter that never existed starts at 0, not at -1.
    const other = uuidv7();
    await expect(repo.run((tx) => tx.adjustCount(other, -1))).resolves.toEqual({
      videoId: other,
      count: 0,
      revision: 1,
    });
    await expect(repo.likedVideoIds(alice, [video])).resolves.toEqual([]);
  });

  it('rolls everything back when the work fails after writing', async () => {
    const [alice, video] = [uuidv7(), uuidv7()];
    const error = await failure(
      repo.run(async (tx) => {
        await tx.insert({ userId: alice, videoId: video, createdAt: at });
        await tx.adjustCount(video, +1);
        await tx.publish(
          LikeRemoved,
          { userId: alice, videoId: video, videoAuthorId: author, occurredAt: at.toISOString() },
          { key: video },
        );
        throw new Error('boom');
      }),
    );
    expect(error).toEqual(new Error('boom'));
    await expect(repo.countOf(video)).resolves.toEqual({ videoId: video, count: 0, revision: 0 });
    await expect(repo.likedVideoIds(alice, [video])).resolves.toEqual([]);
    expect(await outboxOf(video)).toEqual([]);
  });

  it('answers likedBy with one query, in the order asked, each id once', async () => {
    const [bob, v1, v2, v3] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await like(bob, v1);
    await like(bob, v3);
    await like(uuidv7(), v2);
    await expect(repo.likedVideoIds(bob, [v3, v2, v1, v3])).resolves.toEqual([v3, v1]);
    await expect(repo.likedVideoIds(bob, [])).resolves.toEqual([]);
    await expect(repo.likedVideoIds(uuidv7(), [v1, v2, v3])).resolves.toEqual([]);
  });
});
