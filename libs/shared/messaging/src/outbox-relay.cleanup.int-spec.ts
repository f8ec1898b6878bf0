import { Writable } from 'node:stream';
import { loadConfig } from '@newsreel/shared-config';
import { createLogger } from '@newsreel/shared-logging';
import { TransactionRunner, openDatabase } from '@newsreel/shared-persistence';
import {
  TEST_DATABASES,
  type TestDatabase,
  createTestDatabase,
  waitFor,
} from '@newsreel/shared-testing';
import type { TopicMessages } from 'kafkajs';
import { type DataSource, In } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { KafkaPublisher } from './kafka-publisher';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';
import { OutboxRelay, eventHeaders } from './outbox-relay';
import { MESSAGING_PERSISTENCE } from './persistence/messaging-persistence';
import { OutboxRecord } from './persistence/outbox.record';

// The relay's clean-up of sent rows, on every SQL dialect: `sent_at` is a bigint of epoch
// milliseconds everywhere, and the delete must compare it as such. Kafka is not what this
// looks at, so the publisher is a stand-in that acknowledges everything.

const MINUTE = 60_000;
const RETENTION_MS = 10 * MINUTE;

/** An outbox row as `Outbox.add` would write it, sent at `sentAt` (or pending with `null`). */
function outboxRow(sentAt: Date | null): OutboxRecord {
  const id = uuidv7();
  return {
    id,
    topic: 'test.cleaned.v1',
    messageKey: null,
    payload: '{}',
    headers: JSON.stringify(eventHeaders(id, 'test.cleaned.v1')),
    createdAt: new Date(Date.now() - 2 * RETENTION_MS),
    sentAt,
    attempts: 0,
  };
}

describe.each(TEST_DATABASES)('outbox relay clean-up on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tx: TransactionRunner;
  let relay: OutboxRelay | undefined;
  const logLines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'like',
    instanceId: 'like-test',
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  });

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'outbox_cleanup' });
    const config = loadConfig({
      service: 'like',
      env: { NEWSREEL_LIKE_DATABASE_URL: database.url },
    });
    ({ dataSource } = await openDatabase(config, 'like', MESSAGING_PERSISTENCE));
    tx = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    await relay?.stop();
    await dataSource?.destroy();
    await database?.cleanup();
  });

  it('deletes rows sent longer than the retention ago, keeps pending and recent ones, and logs no outage', async () => {
    const now = Date.now();
    const expired = [
      outboxRow(new Date(now - RETENTION_MS - MINUTE)),
      outboxRow(new Date(now - 2 * RETENTION_MS)),
    ];
    const recent = outboxRow(new Date(now - RETENTION_MS + MINUTE));
    const pending = outboxRow(null);
    // Written while the relay publishes `pending`, as a concurrent request would: the pass has
    // already read its batch, so this row is still unsent when the clean-up runs after the pass.
    const late = outboxRow(null);
    await tx.run((m) => m.insert(OutboxRecord, [...expired, recent, pending]));

    const published: string[] = [];
    const publisher = {
      warmUp: () => undefined,
      close: () => Promise.resolve(),
      send: async (batches: TopicMessages[]) => {
        if (published.length === 0) await tx.run((m) => m.insert(OutboxRecord, late));
        for (const { messages } of batches)
          for (const { headers } of messages) published.push(String(headers?.['event-id']));
      },
    } as unknown as KafkaPublisher;
    const stats = new MessagingStats();
    relay = new OutboxRelay(tx, publisher, stats, new MessagingMetrics(stats), logger, {
      retentionMs: RETENTION_MS,
      // After every idle pass, so the first one follows the pass that published `pending`.
      everyMs: 0,
    });
    relay.start();

    const repo = dataSource.getRepository(OutboxRecord);
    const problems = () => logLines.filter((l) => l.level === 'warn' || l.level === 'error');
    // Also stops at the first warning, so a failing clean-up shows its error below at once.
    await waitFor(
      async () =>
        problems().length > 0 || (await repo.countBy({ id: In(expired.map((r) => r.id)) })) === 0,
      { what: 'the clean-up of the expired rows' },
    );
    await relay.stop();
    relay = undefined;

    expect(
      problems().map((l) => ({ msg: l.msg, err: (l.err as { message?: string })?.message })),
    ).toEqual([]);
    const left = await repo.find({ order: { id: 'ASC' } });
    expect(left.map((r) => r.id)).toEqual([recent.id, pending.id, late.id]);
    expect(left[0].sentAt?.getTime()).toBe(recent.sentAt?.getTime());
    expect(published.slice(0, 1)).toEqual([pending.id]);
    expect(stats.snapshot().publishFailures).toBe(0);
  });
});
