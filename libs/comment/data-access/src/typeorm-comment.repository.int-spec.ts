import { CommentCreated, CommentDeleted } from '@newsreel/comment-contracts';
import type { Comment, CommentCreatedEvent, CommentDeletedEvent } from '@newsreel/comment-domain';
import {
  Outbox,
  OutboxRecord,
  type OutboxRelay,
  TypeOrmUnitOfWork,
} from '@newsreel/shared-messaging';
import {
  TransactionRunner,
  parseDatabaseUrl,
  toDataSourceOptions,
} from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { COMMENT_PERSISTENCE } from './comment-data-access.module';
import { TypeOrmCommentRepository } from './typeorm-comment.repository';

// The repository and the migrations against every dialect the service can run on, with the real
// Outbox writing to the real outbox table (the relay is not running: only the rows matter here).
describe.each(TEST_DATABASES)('TypeOrmCommentRepository on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repo: TypeOrmCommentRepository;
  const videoId = v7();
  const otherVideoId = v7();
  const videoAuthorId = v7();
  const alice = v7();
  const comments: Comment[] = [];

  const make = (i: number, parentId: string | null = null, onVideo = videoId): Comment => ({
    id: v7(),
    videoId: onVideo,
    videoAuthorId,
    authorId: alice,
    text: `comment ${i} — ünïcödé ✓ ${'x'.repeat(i === 0 ? 480 : 0)}`,
    parentId,
    createdAt: new Date(Date.UTC(2026, 10, 21, 10, 0, i, 123)),
  });
  const createdEvent = (c: Comment): CommentCreatedEvent => ({
    commentId: c.id,
    videoId: c.videoId,
    videoAuthorId: c.videoAuthorId,
    authorId: c.authorId,
    parentId: c.parentId,
    parentAuthorId: c.parentId ? alice : null,
    occurredAt: c.createdAt.toISOString(),
  });
  const outboxRows = () => dataSource.getRepository(OutboxRecord).find({ order: { id: 'ASC' } });
  const relay = { nudge: () => undefined };
  /** What the post use case does in its transaction. */
  const insert = (comment: Comment, created: CommentCreatedEvent) =>
    repo.run(async (tx) => {
      await tx.insert(comment);
      await tx.publish(CommentCreated, created, { key: comment.videoId });
    });
  /** What the delete use case does in its transaction. */
  const remove = (id: string, deleted: CommentDeletedEvent) =>
    repo.run(async (tx) => {
      if (!(await tx.delete(id))) return false;
      await tx.publish(CommentDeleted, deleted, { key: deleted.videoId });
      return true;
    });

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'comment' });
    // migrationsRun is on in the options: initialize() builds the schema from the migrations.
    dataSource = new DataSource(
      toDataSourceOptions(parseDatabaseUrl(database.url), COMMENT_PERSISTENCE),
    );
    await dataSource.initialize();
    repo = new TypeOrmCommentRepository(
      dataSource,
      new TypeOrmUnitOfWork(
        new TransactionRunner(dataSource),
        new Outbox(dataSource, relay as unknown as OutboxRelay),
      ),
    );
    for (let i = 0; i < 6; i++) {
      const parentId = i === 2 ? comments[0].id : i === 4 ? comments[2].id : null;
      const comment = make(i, parentId, i === 3 ? otherVideoId : videoId);
      await insert(comment, createdEvent(comment));
      comments.push(comment);
    }
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  it('reads back exactly what was saved (text, parent, timestamp to the millisecond)', async () => {
    for (const comment of comments) expect(await repo.findById(comment.id)).toEqual(comment);
    expect(await repo.findById(v7())).toBeUndefined();
  });

  it('wrote one outbox row per insert, in the same transaction, keyed by video', async () => {
    const rows = await outboxRows();
    expect(rows.map((r) => r.topic)).toEqual(comments.map(() => CommentCreated.topic));
    expect(rows.map((r) => r.messageKey)).toEqual(comments.map((c) => c.videoId));
    expect(rows.map((r) => JSON.parse(r.payload) as unknown)).toEqual(comments.map(createdEvent));
    expect(rows.every((r) => r.sentAt === null)).toBe(true);
  });

  it('stores neither the comment nor the event when either write fails', async () => {
    const before = (await outboxRows()).length;
    const orphan = make(9);
    // An invalid payload makes Outbox.add throw after the comment row was inserted: both roll back.
    const bad = { ...createdEvent(orphan), occurredAt: 'yesterday' };
    await expect(insert(orphan, bad)).rejects.toThrow(/comment\.created\.v1/);
    expect(await repo.findById(orphan.id)).toBeUndefined();
    // A duplicate id fails the insert: no event either.
    await expect(insert(comments[0], createdEvent(comments[0]))).rejects.toThrow();
    expect(await outboxRows()).toHaveLength(before);
  });

  it("pages a video's comments oldest first, replies included, with a keyset cursor", async () => {
    const ours = comments.filter((c) => c.videoId === videoId);
    const first = await repo.page({ videoId, limit: 2 });
    expect(first).toEqual(ours.slice(0, 2));
    const second = await repo.page({ videoId, limit: 2, afterId: first[1].id });
    expect(second).toEqual(ours.slice(2, 4));
    expect(await repo.page({ videoId, limit: 2, afterId: second[1].id })).toEqual(ours.slice(4));
    expect(await repo.page({ videoId: otherVideoId, limit: 10 })).toEqual([comments[3]]);
    expect(await repo.page({ videoId: v7(), limit: 10 })).toEqual([]);
  });

  it('deletes with its event once; a second delete changes nothing and records nothing', async () => {
    const target = comments[0];
    const deleted = {
      commentId: target.id,
      videoId,
      authorId: alice,
      occurredAt: '2026-11-21T11:00:00.000Z',
    };
    const before = (await outboxRows()).length;
    expect(await remove(target.id, deleted)).toBe(true);
    expect(await remove(target.id, deleted)).toBe(false);
    expect(await repo.findById(target.id)).toBeUndefined();
    const rows = await outboxRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ topic: CommentDeleted.topic, messageKey: videoId });
    expect(JSON.parse(rows.at(-1)!.payload)).toEqual(deleted);
    // Its reply stays, still naming the deleted parent.
    expect(await repo.findById(comments[2].id)).toEqual(comments[2]);
  });
});
