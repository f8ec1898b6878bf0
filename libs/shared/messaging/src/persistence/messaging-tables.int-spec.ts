import { randomUUID } from 'node:crypto';
import { loadConfig } from '@newsreel/shared-config';
import { defineEvent } from '@newsreel/shared-contracts';
import { TransactionRunner, isUniqueViolation, openDatabase } from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { type DataSource, IsNull } from 'typeorm';
import { z } from 'zod';
import { Outbox } from '../outbox';
import type { OutboxRelay } from '../outbox-relay';
import { InboxRecord } from './inbox.record';
import { MESSAGING_PERSISTENCE } from './messaging-persistence';
import { OutboxRecord } from './outbox.record';

const LikeCreated = defineEvent(
  'like.created',
  1,
  z.object({ videoId: z.string(), userId: z.string() }),
);

describe.each(TEST_DATABASES)('outbox and inbox tables on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let outbox: Outbox;
  let nudges = 0;

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'messaging' });
    const config = loadConfig({
      service: 'like',
      env: { NEWSREEL_LIKE_DATABASE_URL: database.url },
    });
    ({ dataSource } = await openDatabase(config, 'like', MESSAGING_PERSISTENCE));
    tx = new TransactionRunner(dataSource);
    const relay = { nudge: () => nudges++ } as unknown as OutboxRelay;
    outbox = new Outbox(dataSource, relay);
    outbox.onModuleInit();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.cleanup();
  });

  it('writes the event in the caller transaction and nudges the relay only once it commits', async () => {
    const before = nudges;
    let nudgesInside = -1;
    const id = await tx.run(async (manager) => {
      const eventId = await outbox.add(
        manager,
        LikeCreated,
        { videoId: 'v1', userId: 'u1' },
        { key: 'v1' },
      );
      nudgesInside = nudges - before;
      return eventId;
    });
    expect(nudgesInside).toBe(0);
    expect(nudges - before).toBe(1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const row = await dataSource.getRepository(OutboxRecord).findOneByOrFail({ id });
    expect(row).toMatchObject({
      topic: 'like.created.v1',
      messageKey: 'v1',
      sentAt: null,
      attempts: 0,
    });
    expect(JSON.parse(row.payload)).toEqual({ videoId: 'v1', userId: 'u1' });
    expect(JSON.parse(row.headers)).toEqual({
      'event-id': id,
      'event-type': 'like.created.v1',
      'content-type': 'application/json',
    });
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('rolls the event back with the transaction, without nudging', async () => {
    const before = nudges;
    let id = '';
    await expect(
      tx.run(async (manager) => {
        id = await outbox.add(manager, LikeCreated, { videoId: 'v2', userId: 'u2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await dataSource.getRepository(OutboxRecord).findOneBy({ id })).toBeNull();
    expect(nudges).toBe(before);
  });

  it('refuses a payload that does not match the schema', async () => {
    await expect(
      tx.run((manager) => outbox.add(manager, LikeCreated, { videoId: 42 } as never)),
    ).rejects.toThrow(/Invalid like.created.v1 payload/);
  });

  it('finds unsent rows in id order and marks them sent', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await tx.run((m) => outbox.add(m, LikeCreated, { videoId: `o${i}`, userId: 'u' })));
    const repo = dataSource.getRepository(OutboxRecord);
    const unsent = await repo.find({ where: { sentAt: IsNull() }, order: { id: 'ASC' } });
    expect(unsent.map((r) => r.id).slice(-3)).toEqual(ids);
    const sentAt = new Date(1_767_225_600_123);
    await repo.update(ids, { sentAt });
    expect((await repo.findOneByOrFail({ id: ids[0] })).sentAt?.getTime()).toBe(1_767_225_600_123);
    expect(await repo.count({ where: { sentAt: IsNull() } })).toBe(unsent.length - 3);
  });

  it('rejects a second inbox row for the same consumer and event as a unique violation', async () => {
    const row = {
      consumer: 'push',
      eventId: randomUUID(),
      topic: 'like.created.v1',
      processedAt: new Date(),
    };
    await tx.run((m) => m.insert(InboxRecord, row));
    const error = await tx.run((m) => m.insert(InboxRecord, row)).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    // Another consumer group may process the same event.
    await tx.run((m) => m.insert(InboxRecord, { ...row, consumer: 'video' }));
    expect(await dataSource.getRepository(InboxRecord).countBy({ eventId: row.eventId })).toBe(2);
  });
});
