import { type Notification, type NotificationDraft, toNotifications } from '@newsreel/push-domain';
import { Outbox, type OutboxRelay, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import {
  TransactionRunner,
  parseDatabaseUrl,
  toDataSourceOptions,
} from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PUSH_PERSISTENCE } from './push-data-access.module';
import { TypeOrmNotificationRepository } from './typeorm-notification.repository';

describe.each(TEST_DATABASES)('TypeOrmNotificationRepository on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repo: TypeOrmNotificationRepository;
  const alice = uuidv7();
  const bob = uuidv7();
  const actor = uuidv7();
  const t0 = Date.UTC(2026, 10, 21, 10, 0, 0, 123);
  /** Alice's notifications in insertion (= time) order. */
  const alices: Notification[] = [];

  const draft = (userId: string, type: NotificationDraft['type'] = 'like'): NotificationDraft => ({
    userId,
    type,
    actorId: actor,
    videoId: type === 'follow' ? null : uuidv7(),
    commentId: type === 'comment' ? uuidv7() : null,
  });
  const add = (notifications: Notification[]) => repo.run((tx) => tx.addAll(notifications));

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'push' });
    dataSource = new DataSource(
      toDataSourceOptions(parseDatabaseUrl(database.url), PUSH_PERSISTENCE),
    );
    await dataSource.initialize();
    // The relay is not under test (nothing here publishes).
    const relay = { nudge: () => undefined } as unknown as OutboxRelay;
    const unitOfWork = new TypeOrmUnitOfWork(
      new TransactionRunner(dataSource),
      new Outbox(dataSource, relay),
    );
    repo = new TypeOrmNotificationRepository(dataSource, unitOfWork);
    const types = ['like', 'comment', 'follow', 'video', 'reply'] as const;
    for (let i = 0; i < 5; i++) {
      const source = { eventId: uuidv7(), occurredAt: new Date(t0 + i * 1000) };
      const batch = toNotifications([draft(alice, types[i]), draft(bob)], source);
      await expect(add(batch)).resolves.toEqual(batch);
      alices.push(batch[0]);
    }
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  it('reads back exactly what was stored (nulls and milliseconds included), newest first', async () => {
    const page = await repo.page({ userId: alice, limit: 50 });
    expect(page).toEqual([...alices].reverse());
    expect(page[0].createdAt.toISOString()).toBe(new Date(t0 + 4000).toISOString());
  });

  it('pages with a keyset cursor without mixing users', async () => {
    const newestFirst = [...alices].reverse().map((n) => n.id);
    const first = await repo.page({ userId: alice, limit: 2 });
    expect(first.map((n) => n.id)).toEqual(newestFirst.slice(0, 2));
    const second = await repo.page({ userId: alice, limit: 2, beforeId: first[1].id });
    expect(second.map((n) => n.id)).toEqual(newestFirst.slice(2, 4));
    const last = await repo.page({ userId: alice, limit: 2, beforeId: second[1].id });
    expect(last.map((n) => n.id)).toEqual(newestFirst.slice(4));
    expect((await repo.page({ userId: bob, limit: 50 })).every((n) => n.userId === bob)).toBe(true);
    expect(await repo.page({ userId: uuidv7(), limit: 50 })).toEqual([]);
  });

  it('skips a replayed event, and a duplicate within a batch, storing nothing twice', async () => {
    const source = { eventId: uuidv7(), occurredAt: new Date(t0 + 10_000) };
    const batch = toNotifications([draft(bob, 'follow')], source);
    await expect(add(batch)).resolves.toHaveLength(1);
    await expect(add(batch)).resolves.toEqual([]);
    // Same (event, user, type) under another id (a producer bug, a changed id scheme): still one.
    await expect(add([{ ...batch[0], id: uuidv7() }])).resolves.toEqual([]);
    const other = toNotifications([draft(alice, 'reply')], source);
    await expect(add([...other, ...other])).resolves.toEqual(other);
    const rows = await dataSource.query(
      `SELECT COUNT(*) AS n FROM notifications WHERE source_event_id = '${source.eventId}'`,
    );
    expect(Number((rows as Array<{ n: unknown }>)[0].n)).toBe(2);
    // Leave the fixture as it was for the other tests.
    await dataSource.query(`DELETE FROM notifications WHERE source_event_id = '${source.eventId}'`);
  });

  it('writes nothing when the joined transaction rolls back', async () => {
    const batch = toNotifications([draft(bob)], { eventId: uuidv7(), occurredAt: new Date(t0) });
    await expect(
      repo.run(async (tx) => {
        await tx.addAll(batch);
        throw new Error('handler failed later');
      }),
    ).rejects.toThrow('handler failed later');
    expect(await repo.page({ userId: bob, limit: 50 })).not.toContainEqual(batch[0]);
  });

  it('counts unread and marks read: some ids, foreign ids ignored, then all', async () => {
    expect(await repo.countUnread(alice)).toBe(5);
    expect(await repo.countUnread(bob)).toBe(5);
    const at = new Date(t0 + 60_000);
    const bobs = await repo.page({ userId: bob, limit: 1 });
    // One of Alice's, one of Bob's (ignored), and an unknown id.
    await expect(repo.markRead(alice, [alices[0].id, bobs[0].id, uuidv7()], at)).resolves.toBe(1);
    expect(await repo.countUnread(alice)).toBe(4);
    expect(await repo.countUnread(bob)).toBe(5);
    const [oldest] = (await repo.page({ userId: alice, limit: 50 })).slice(-1);
    expect(oldest.readAt?.toISOString()).toBe(at.toISOString());
    await expect(repo.markRead(alice, [], at)).resolves.toBe(0);
    // All: only the unread ones change, the first keeps its original read time.
    await expect(repo.markRead(alice, undefined, new Date(t0 + 120_000))).resolves.toBe(4);
    expect(await repo.countUnread(alice)).toBe(0);
    expect(await repo.countUnread(bob)).toBe(5);
    const after = await repo.page({ userId: alice, limit: 50 });
    expect(after.at(-1)?.readAt?.toISOString()).toBe(at.toISOString());
    expect(after[0].readAt?.toISOString()).toBe(new Date(t0 + 120_000).toISOString());
  });

  it('stores a large fan-out in chunks', async () => {
    const source = { eventId: uuidv7(), occurredAt: new Date(t0 + 20_000) };
    const followers = Array.from({ length: 1203 }, () => uuidv7());
    const batch = toNotifications(
      followers.map((f) => draft(f, 'video')),
      source,
    );
    await expect(add(batch)).resolves.toHaveLength(1203);
    await expect(add(batch)).resolves.toHaveLength(0);
    expect(await repo.page({ userId: followers[1202], limit: 5 })).toEqual([batch[1202]]);
  });
});
