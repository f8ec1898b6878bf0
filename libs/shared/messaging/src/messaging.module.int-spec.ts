import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Global, Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import {
  PLATFORM_CONFIG,
  SERVICE_INFO,
  type ServiceInfo,
  platformConfigSchema,
} from '@newsreel/shared-config';
import { type EventPayload, defineEvent } from '@newsreel/shared-contracts';
import { HealthModule, ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, createLogger } from '@newsreel/shared-logging';
import { PersistenceModule, TransactionRunner } from '@newsreel/shared-persistence';
import { freePort, waitFor } from '@newsreel/shared-testing';
import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { DataSource, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { EventContext, EventHandler } from './event-handler';
import { EventStream } from './event-stream';
import { MessagingStats } from './messaging-stats';
import { MessagingModule } from './messaging.module';
import { Outbox } from './outbox';
import { MESSAGING_PERSISTENCE } from './persistence/messaging-persistence';
import { OutboxRecord } from './persistence/outbox.record';
import { InboxRecord } from './persistence/inbox.record';
import { TypeOrmTransaction } from './typeorm-unit-of-work';

// Events of this test: a note whose text tells the handler how to behave.
const NoteAdded = defineEvent(
  'test.note-added',
  1,
  z.object({ noteId: z.string(), text: z.string() }),
);
const NoteEchoed = defineEvent('test.note-echoed', 1, z.object({ noteId: z.string() }));
const Broadcast = defineEvent('test.broadcast', 1, z.object({ n: z.number() }));

/** Every call of the note handler, in order (the app's provider injects it). */
const CALLS = Symbol('CALLS');
interface Call {
  eventId: string;
  text: string;
  headers: Record<string, string>;
}

/** Provided by the app module, with a dependency only that module has (CALLS). */
@Injectable()
class RecordNoteHandler implements EventHandler<typeof NoteAdded> {
  private readonly flakyFailures = new Map<string, number>();

  constructor(@Inject(CALLS) private readonly calls: Call[]) {}

  async handle(payload: EventPayload<typeof NoteAdded>, context: EventContext): Promise<void> {
    this.calls.push({ eventId: context.eventId, text: payload.text, headers: context.headers });
    if (payload.text === 'boom') throw new Error('boom');
    if (payload.text === 'flaky') {
      const failures = this.flakyFailures.get(context.eventId) ?? 0;
      this.flakyFailures.set(context.eventId, failures + 1);
      if (failures < 2) throw new Error('not yet');
    }
    // Consume-transform-produce: the follow-up event commits with the inbox row.
    if (payload.text === 'echo') await context.tx.publish(NoteEchoed, { noteId: payload.noteId });
  }
}

/** Provided by nobody: MessagingModule builds it from global providers. */
@Injectable()
class CountEchoHandler implements EventHandler<typeof NoteEchoed> {
  static seen: string[] = [];
  constructor(private readonly dataSource: DataSource) {}

  async handle(payload: EventPayload<typeof NoteEchoed>, context: EventContext): Promise<void> {
    expect(this.dataSource.isInitialized).toBe(true);
    // Without a `unitOfWork` option handlers get the publish-only TypeORM transaction.
    expect(context.tx).toBeInstanceOf(TypeOrmTransaction);
    expect((context.tx as TypeOrmTransaction).manager.queryRunner?.isTransactionActive).toBe(true);
    CountEchoHandler.seen.push(payload.noteId);
    return Promise.resolve();
  }
}

/** The broker's own log lines are not what these tests look at. */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const logLines: Array<Record<string, unknown>> = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      logLines.push(JSON.parse(line));
    done();
  },
});

function platformFor(brokers: string, dataDir: string) {
  @Global()
  @Module({
    imports: [HealthModule.forRoot()],
    providers: [
      {
        provide: PLATFORM_CONFIG,
        useValue: platformConfigSchema.parse({
          dataDir,
          instanceId: 'push-test',
          kafka: { brokers: [brokers] },
        }),
      },
      { provide: SERVICE_INFO, useValue: { name: 'push', version: 'test' } satisfies ServiceInfo },
      {
        provide: LOGGER,
        useValue: createLogger({
          service: 'push',
          instanceId: 'push-test',
          level: 'info',
          destination: logSink,
        }),
      },
    ],
    exports: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER],
  })
  class FakePlatformModule {}
  return FakePlatformModule;
}

function appModule(brokers: string, dataDir: string, calls: Call[]) {
  @Module({
    imports: [
      platformFor(brokers, dataDir),
      PersistenceModule.forService(MESSAGING_PERSISTENCE),
      MessagingModule.forService({
        subscriptions: [
          { event: NoteAdded, handler: RecordNoteHandler },
          { event: NoteEchoed, handler: CountEchoHandler },
        ],
      }),
    ],
    providers: [RecordNoteHandler, { provide: CALLS, useValue: calls }],
  })
  class PushAppModule {}
  return PushAppModule;
}

/** A plain kafkajs consumer reading a topic from its beginning, as an outside observer. */
async function observe(kafka: Kafka, topic: string) {
  const messages: KafkaMessage[] = [];
  const consumer: Consumer = kafka.consumer({
    groupId: `observer-${uuidv7()}`,
    maxWaitTimeInMs: 1000,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      messages.push(message);
      return Promise.resolve();
    },
  });
  const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();
  return {
    messages,
    header,
    find: (eventId: string) => messages.find((m) => header(m, 'event-id') === eventId),
    stop: () => consumer.disconnect(),
  };
}

describe('MessagingModule with the embedded broker (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsreel-messaging-'));
  const calls: Call[] = [];
  let broker: BrokerHandle;
  let port: number;
  let app: INestApplicationContext;
  let tx: TransactionRunner;
  let outbox: Outbox;
  let stats: MessagingStats;
  let kafka: Kafka;
  let notes: Awaited<ReturnType<typeof observe>>;
  let dlq: Awaited<ReturnType<typeof observe>>;

  const startTheBroker = () => startBroker({ port, dataDir: join(dir, 'kafka'), logger: silent });
  const addNote = (text: string, noteId = uuidv7()) =>
    tx.run((manager) => outbox.add(manager, NoteAdded, { noteId, text }, { key: noteId }));
  /** Produces straight to Kafka, bypassing the outbox (duplicates, garbage). */
  const produceRaw = async (value: string, headers: Record<string, string>) => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: NoteAdded.topic, messages: [{ value, headers }] });
    await producer.disconnect();
  };

  beforeAll(async () => {
    port = await freePort();
    broker = await startTheBroker();
    kafka = new Kafka({ brokers: [broker.address], logLevel: logLevel.NOTHING });
    app = await NestFactory.createApplicationContext(
      appModule(broker.address, join(dir, 'data'), calls),
      {
        logger: false,
      },
    );
    tx = app.get(TransactionRunner);
    outbox = app.get(Outbox);
    stats = app.get(MessagingStats);
    [notes, dlq] = await Promise.all([
      observe(kafka, NoteAdded.topic),
      observe(kafka, `${NoteAdded.topic}.dlq`),
    ]);
  });

  afterAll(async () => {
    await notes?.stop();
    await dlq?.stop();
    await app?.close();
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes an event soon after its transaction commits, with its headers and key', async () => {
    const noteId = uuidv7();
    const eventId = await addNote('hello', noteId);
    // No speed figure here (the first event also pays for the producer's connection and the
    // topic's creation, and CI machines are shared): only that it arrives.
    const message = await waitFor(() => notes.find(eventId), { what: 'the event on Kafka' });
    expect(message.key?.toString()).toBe(noteId);
    expect(JSON.parse(message.value!.toString())).toEqual({ noteId, text: 'hello' });
    expect(notes.header(message, 'event-type')).toBe('test.note-added.v1');
    expect(notes.header(message, 'content-type')).toBe('application/json');
    // The relay marks the row sent after Kafka acknowledged it, so a fast consumer can see the
    // message a moment before that update commits.
    const rows = app.get(DataSource).getRepository(OutboxRecord);
    const sentAt = await waitFor(
      async () => (await rows.findOneByOrFail({ id: eventId })).sentAt ?? undefined,
      { what: 'the outbox row marked sent' },
    );
    expect(sentAt).toBeInstanceOf(Date);
    expect(stats.snapshot().published).toBeGreaterThanOrEqual(1);
  });

  it('runs the handler once, in a transaction with its inbox row', async () => {
    const eventId = await addNote('handled');
    await waitFor(() => calls.some((c) => c.eventId === eventId), { what: 'the handler' });
    const call = calls.find((c) => c.eventId === eventId)!;
    expect(call.text).toBe('handled');
    expect(call.headers['event-type']).toBe('test.note-added.v1');
    const inbox = await app.get(DataSource).getRepository(InboxRecord).findOneByOrFail({ eventId });
    expect(inbox).toMatchObject({ consumer: 'push', topic: 'test.note-added.v1' });
  });

  it('never publishes an event whose transaction rolled back', async () => {
    let rolledBack = '';
    await expect(
      tx.run(async (manager) => {
        rolledBack = await outbox.add(manager, NoteAdded, { noteId: 'x', text: 'rolled back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await addNote('after the rollback');
    await waitFor(() => notes.find(after), { what: 'the next event' });
    // Order is kept, so had the rolled-back event been published it would already be here.
    expect(notes.find(rolledBack)).toBeUndefined();
    expect(calls.some((c) => c.eventId === rolledBack)).toBe(false);
  });

  it('skips a redelivered event (same event-id) without calling the handler again', async () => {
    const eventId = uuidv7();
    const value = JSON.stringify({ noteId: 'dup', text: 'duplicate' });
    const before = stats.snapshot();
    await produceRaw(value, { 'event-id': eventId });
    await produceRaw(value, { 'event-id': eventId });
    await waitFor(() => stats.snapshot().duplicatesSkipped > before.duplicatesSkipped, {
      what: 'the duplicate',
    });
    expect(calls.filter((c) => c.eventId === eventId)).toHaveLength(1);
  });

  it('retries a failing handler, then dead-letters the message and moves on', async () => {
    const boom = await addNote('boom');
    const letter = await waitFor(() => dlq.find(boom), { what: 'the dead letter' });
    expect(dlq.header(letter, 'error')).toBe('Error: boom');
    expect(dlq.header(letter, 'original-topic')).toBe(NoteAdded.topic);
    expect(dlq.header(letter, 'event-type')).toBe(NoteAdded.topic);
    expect(JSON.parse(letter.value!.toString())).toMatchObject({ text: 'boom' });
    // Once plus three retries; nothing of it committed.
    expect(calls.filter((c) => c.eventId === boom)).toHaveLength(4);
    expect(
      await app.get(DataSource).getRepository(InboxRecord).findOneBy({ eventId: boom }),
    ).toBeNull();
    const later = await addNote('after the poison message');
    await waitFor(() => calls.some((c) => c.eventId === later), { what: 'the next message' });
    expect(stats.snapshot().deadLettered).toBeGreaterThanOrEqual(1);
    expect(
      logLines.some(
        (l) => l.level === 'error' && l.eventId === boom && l.dlq === `${NoteAdded.topic}.dlq`,
      ),
    ).toBe(true);
  });

  it('retries a handler that fails twice and then succeeds, without dead-lettering', async () => {
    const flaky = await addNote('flaky');
    await waitFor(() => calls.filter((c) => c.eventId === flaky).length === 3, {
      what: 'three attempts',
    });
    await waitFor(
      () => app.get(DataSource).getRepository(InboxRecord).findOneBy({ eventId: flaky }),
      {
        what: 'the inbox row',
      },
    );
    expect(dlq.find(flaky)).toBeUndefined();
  });

  it('dead-letters an invalid payload at once, without calling the handler', async () => {
    const eventId = uuidv7();
    await produceRaw(JSON.stringify({ noteId: 7 }), { 'event-id': eventId });
    const letter = await waitFor(() => dlq.find(eventId), { what: 'the dead letter' });
    expect(dlq.header(letter, 'error')).toMatch(/^invalid payload/);
    expect(calls.some((c) => c.eventId === eventId)).toBe(false);
  });

  it('dead-letters a message that is not JSON; one without an event-id gets an id derived from its offset', async () => {
    await produceRaw('not json', {});
    const letter = await waitFor(
      () => dlq.messages.find((m) => m.value?.toString() === 'not json'),
      { what: 'the dead letter' },
    );
    expect(dlq.header(letter, 'error')).toMatch(/^invalid JSON/);
    expect(dlq.header(letter, 'event-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes events added inside a handler (consume-transform-produce)', async () => {
    const noteId = uuidv7();
    await addNote('echo', noteId);
    await waitFor(() => CountEchoHandler.seen.includes(noteId), {
      what: 'the echoed event to be handled',
    });
  });

  it('delivers a broadcast to every EventStream group', async () => {
    const stream = app.get(EventStream);
    const received: Record<string, number[]> = { a: [], b: [] };
    const subscriptions = await Promise.all(
      (['a', 'b'] as const).map((name) =>
        stream.subscribe({
          event: Broadcast,
          groupId: `gateway-${name}`,
          fromBeginning: true,
          handler: (payload, meta) => {
            expect(meta.topic).toBe(Broadcast.topic);
            received[name].push(payload.n);
          },
        }),
      ),
    );
    await tx.run(async (manager) => {
      await outbox.add(manager, Broadcast, { n: 1 });
      await outbox.add(manager, Broadcast, { n: 2 });
    });
    await waitFor(() => received.a.length === 2 && received.b.length === 2, {
      what: 'both groups',
    });
    expect(received).toEqual({ a: [1, 2], b: [1, 2] });
    await Promise.all(subscriptions.map((s) => s.stop()));
  });

  it('reports an EventStream subscription as not ready until its group is joined', async () => {
    const readiness = app.get(ReadinessRegistry);
    const subscription = await app.get(EventStream).subscribe({
      event: Broadcast,
      groupId: `ready-${Date.now()}`,
      readiness: 'broadcasts',
      handler: () => undefined,
    });
    // Registered at once, and down: joining needs network round trips, which cannot have
    // happened before the check runs.
    expect((await readiness.runAll(1500)).broadcasts).toMatchObject({
      up: false,
      reason: 'not yet subscribed to test.broadcast',
    });
    await subscription.joined;
    expect((await readiness.runAll(1500)).broadcasts).toMatchObject({ up: true });
    await subscription.stop();
  });

  it('reports Kafka in readiness', async () => {
    const checks = await app.get(ReadinessRegistry).runAll(1500);
    expect(checks.kafka).toMatchObject({ up: true, brokers: 1 });
  });

  it('keeps accepting events while the broker is down and publishes them when it is back', async () => {
    await broker.stop();
    const down = await app.get(ReadinessRegistry).runAll(1500);
    expect(down.kafka.up).toBe(false);

    const ids = [await addNote('during the outage 1'), await addNote('during the outage 2')];
    await waitFor(() => stats.snapshot().publishFailures > 0, { what: 'a failed publish' });
    expect(
      await app.get(DataSource).getRepository(OutboxRecord).countBy({ sentAt: IsNull() }),
    ).toBeGreaterThan(0);

    broker = await startTheBroker(); // same port, same data
    // Published by the relay and consumed by the service's consumer, which had to recover too.
    await waitFor(() => ids.every((id) => calls.some((c) => c.eventId === id)), {
      timeoutMs: 20_000,
      what: 'the events after the restart',
    });
    // The consumer may see the event before the relay has committed its "sent" mark: wait for it.
    const row = await waitFor(
      async () => {
        const [found] = await app
          .get(DataSource)
          .getRepository(OutboxRecord)
          .findBy({ id: ids[0] });
        return found?.sentAt ? found : undefined;
      },
      { what: 'the row marked sent' },
    );
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.attempts).toBeGreaterThanOrEqual(1); // the failed passes were counted
    expect(
      logLines.filter(
        (l) => l.msg === 'outbox relay cannot publish; events are kept in the outbox and retried',
      ),
    ).toHaveLength(1);
    expect(logLines.filter((l) => l.msg === 'outbox relay publishing again')).toHaveLength(1);
    expect(
      logLines.some(
        (l) => l.component === 'kafkajs' && (l.level === 'warn' || l.level === 'error'),
      ),
    ).toBe(true);
  });
});

describe('MessagingModule start-up without a reachable broker', () => {
  it('starts at once, reports Kafka down and shuts down promptly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsreel-messaging-'));
    const closedPort = await freePort();
    const app = await NestFactory.createApplicationContext(
      appModule(`127.0.0.1:${closedPort}`, dir, []),
      {
        logger: false,
      },
    );
    const checks = await app.get(ReadinessRegistry).runAll(1500);
    expect(checks.kafka.up).toBe(false);
    expect(checks.database.up).toBe(true);
    // A write still succeeds: the event waits in the outbox.
    const id = await app
      .get(TransactionRunner)
      .run((m) => app.get(Outbox).add(m, NoteAdded, { noteId: 'n', text: 'offline' }));
    expect(await app.get(DataSource).getRepository(OutboxRecord).findOneBy({ id })).not.toBeNull();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
