import { loadConfig } from '@newsreel/shared-config';
import { Outbox, OutboxRecord, type OutboxRelay, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { TransactionRunner, openDatabase } from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { VideoDeleted, VideoPublished } from '@newsreel/video-contracts';
import type { Video } from '@newsreel/video-domain';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { TypeOrmVideoRepository } from './typeorm-video.repository';
import { VIDEO_PERSISTENCE } from './video-data-access.module';

describe.each(TEST_DATABASES)('TypeOrmVideoRepository on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repo: TypeOrmVideoRepository;
  const alice = uuidv7();
  const bob = uuidv7();
  const videos: Video[] = [];

  const make = (authorId: string, category: Video['category'], i: number): Video => ({
    id: uuidv7(),
    authorId,
    title: `video ${i}`,
    category,
    description: i % 2 ? 'with a description' : '',
    mediaUrl: `/media/${i}.mp4`,
    coverUrl: i % 2 ? null : `/media/${i}.svg`,
    durationSec: 10 + i,
    publishedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, i, 123)),
    likeCount: 0,
    commentCount: 0,
  });
  /** What the publish use case does in its transaction. */
  const save = (video: Video) =>
    repo.run(async (tx) => {
      await tx.insert(video);
      const { id: videoId, authorId, title } = video;
      const occurredAt = video.publishedAt.toISOString();
      await tx.publish(VideoPublished, { videoId, authorId, title, occurredAt }, { key: videoId });
    });
  /** What the delete use case does in its transaction. */
  const remove = (video: Video) =>
    repo.run(async (tx) => {
      if (!(await tx.delete(video.id))) return false;
      const payload = { videoId: video.id, authorId: video.authorId, occurredAt: new Date().toISOString() };
      await tx.publish(VideoDeleted, payload, { key: video.id });
      return true;
    });

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'video' });
    const config = loadConfig({
      service: 'video',
      env: { NEWSREEL_VIDEO_DATABASE_URL: database.url },
    });
    ({ dataSource } = await openDatabase(config, 'video', VIDEO_PERSISTENCE));
    // The relay (Kafka) is not under test here: the outbox rows themselves are.
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    repo = new TypeOrmVideoRepository(
      dataSource,
      new TypeOrmUnitOfWork(new TransactionRunner(dataSource), new Outbox(dataSource, relay)),
    );
    for (let i = 0; i < 7; i++) {
      const video = make(i < 5 ? alice : bob, i % 3 === 0 ? 'sports' : 'tech', i);
      await save(video);
      videos.push(video);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.cleanup();
  });

  it('reads back exactly what was saved (timestamps to the millisecond)', async () => {
    for (const video of videos) expect(await repo.findById(video.id)).toEqual(video);
    expect(await repo.findById(uuidv7())).toBeUndefined();
  });

  it('pages newest first with a keyset cursor', async () => {
    const newestFirst = [...videos].reverse().map((v) => v.id);
    const first = await repo.page({ limit: 3 });
    expect(first.map((v) => v.id)).toEqual(newestFirst.slice(0, 3));
    const second = await repo.page({ limit: 3, beforeId: first[2].id });
    expect(second.map((v) => v.id)).toEqual(newestFirst.slice(3, 6));
    const last = await repo.page({ limit: 3, beforeId: second[2].id });
    expect(last.map((v) => v.id)).toEqual(newestFirst.slice(6));
  });

  it('filters by category and by authors', async () => {
    const sports = await repo.page({ limit: 50, category: 'sports' });
    expect(sports.map((v) => v.id)).toEqual(
      videos
        .filter((v) => v.category === 'sports')
        .reverse()
        .map((v) => v.id),
    );
    const bobs = await repo.page({ limit: 50, authorIds: [bob] });
    expect(bobs.map((v) => v.id)).toEqual(
      videos
        .filter((v) => v.authorId === bob)
        .reverse()
        .map((v) => v.id),
    );
    const both = await repo.page({ limit: 50, authorIds: [alice, bob], category: 'tech' });
    expect(both).toHaveLength(videos.filter((v) => v.category === 'tech').length);
    expect(await repo.page({ limit: 50, authorIds: [] })).toEqual([]);
  });

  it('writes video.published to the outbox with each video, in the same transaction', async () => {
    const rows = await dataSource.getRepository(OutboxRecord).findBy({ topic: 'video.published.v1' });
    expect(rows).toHaveLength(videos.length);
    expect(JSON.parse(rows[0].payload)).toEqual({
      videoId: videos[0].id,
      authorId: alice,
      title: 'video 0',
      occurredAt: videos[0].publishedAt.toISOString(),
    });
    expect(rows[0].messageKey).toBe(videos[0].id);
  });

  it('adjusts counts in a unit of work, never below zero', async () => {
    const id = videos[1].id;
    await repo.run((tx) => tx.adjustCounts(id, { likes: 2, comments: 1 }));
    expect(await repo.findById(id)).toMatchObject({ likeCount: 2, commentCount: 1 });
    await repo.run((tx) => tx.adjustCounts(id, { likes: -5 }));
    expect(await repo.findById(id)).toMatchObject({ likeCount: 0, commentCount: 1 });
    // Rolled back with its transaction.
    await repo
      .run(async (tx) => {
        await tx.adjustCounts(id, { comments: 1 });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await repo.findById(id))?.commentCount).toBe(1);
  });

  it('counts by author and deletes', async () => {
    expect(await repo.countByAuthor(alice)).toBe(5);
    expect(await remove(videos[0])).toBe(true);
    expect(await remove(videos[0])).toBe(false);
    expect(await repo.countByAuthor(alice)).toBe(4);
    expect(await repo.findById(videos[0].id)).toBeUndefined();
    const deleted = await dataSource.getRepository(OutboxRecord).findBy({ topic: 'video.deleted.v1' });
    expect(deleted.map((r) => (JSON.parse(r.payload) as { videoId: string }).videoId)).toEqual([videos[0].id]);
  });
});
