import type { Admin, Consumer, Producer } from 'kafkajs';
import { startBroker } from './index';
import type { BrokerHandle } from './options';
import { testKafka, waitFor } from './testing/helpers';

let broker: BrokerHandle;
let producer: Producer;
let admin: Admin;
const consumers: Consumer[] = [];

beforeAll(async () => {
  broker = await startBroker({ port: 0, defaultPartitions: 3 });
  const kafka = testKafka(broker.address);
  producer = kafka.producer();
  admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.disconnect()));
  await producer?.disconnect();
  await admin?.disconnect();
  await broker?.stop();
});

function newConsumer(groupId: string, extra: Record<string, number> = {}): Consumer {
  const c = testKafka(broker.address, `c-${groupId}`).consumer({
    groupId,
    heartbeatInterval: 500,
    sessionTimeout: 6000,
    maxWaitTimeInMs: 500,
    ...extra,
  });
  consumers.push(c);
  return c;
}

describe('kafkajs against the embedded broker', () => {
  it('round-trips keys, headers and values over several partitions, in order per partition', async () => {
    const topic = 'roundtrip';
    const sent = Array.from({ length: 60 }, (_, i) => ({
      key: `key-${i % 6}`,
      value: `value-${i}`,
      headers: { seq: String(i), kind: 'test' },
    }));
    for (let i = 0; i < sent.length; i += 10) {
      await producer.send({ topic, acks: -1, messages: sent.slice(i, i + 10) });
    }
    const received: Array<{
      partition: number;
      offset: string;
      key: string;
      value: string;
      seq: string;
      kind: string;
    }> = [];
    const consumer = newConsumer('roundtrip-group');
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          seq: message.headers?.seq?.toString() ?? '',
          kind: message.headers?.kind?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
    await waitFor('all messages', () => received.length >= sent.length);
    expect(received).toHaveLength(sent.length);
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
    for (const r of received) {
      expect(r.value).toBe(`value-${r.seq}`);
      expect(r.key).toBe(`key-${Number(r.seq) % 6}`);
      expect(r.kind).toBe('test');
    }
    // the same key always lands on the same partition, and per partition order is kept
    const byKey = new Map<string, Set<number>>();
    for (const r of received) byKey.set(r.key, (byKey.get(r.key) ?? new Set()).add(r.partition));
    for (const parts of byKey.values()) expect(parts.size).toBe(1);
    for (const p of [0, 1, 2]) {
      const seqs = received.filter((r) => r.partition === p).map((r) => Number(r.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const offsets = received.filter((r) => r.partition === p).map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  });

  it('wakes a parked fetch on produce instead of waiting for maxWaitTime', async () => {
    const topic = 'latency';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const times: number[] = [];
    const consumer = newConsumer('latency-group', { maxWaitTimeInMs: 5000 });
    await consumer.connect();
    await consumer.subscribe({ topic });
    let resolveNext: (() => void) | null = null;
    await consumer.run({
      eachMessage: ({ message }) => {
        times.push(Date.now() - Number(message.value?.toString()));
        resolveNext?.();
        return Promise.resolve();
      },
    });
    await waitFor('consumer assigned', async () => {
      const d = await admin.describeGroups(['latency-group']);
      return d.groups[0]?.state === 'Stable';
    });
    await new Promise((r) => setTimeout(r, 300)); // let it park its first fetch
    for (let i = 0; i < 5; i++) {
      const got = new Promise<void>((r) => (resolveNext = r));
      await producer.send({ topic, messages: [{ value: String(Date.now()) }] });
      await got;
    }
    expect(times).toHaveLength(5);
    expect(Math.max(...times)).toBeLessThan(1000); // far below the 5 s maxWait
    // kafkajs' disconnect waits for the parked fetch; a last message releases it at once.
    consumers.splice(consumers.indexOf(consumer), 1);
    const stopped = consumer.disconnect();
    await producer.send({ topic, messages: [{ value: String(Date.now()) }] });
    await stopped;
  });

  it('administers topics and offsets', async () => {
    await admin.createTopics({
      topics: [
        { topic: 'admin-a', numPartitions: 4 },
        { topic: 'admin-b', configEntries: [{ name: 'retention.ms', value: '60000' }] },
      ],
    });
    expect(await admin.createTopics({ topics: [{ topic: 'admin-a' }] })).toBe(false); // already exists
    await expect(
      admin.createTopics({ topics: [{ topic: 'admin-c', replicationFactor: 3 }] }),
    ).rejects.toThrow();
    const list = await admin.listTopics();
    expect(list).toEqual(expect.arrayContaining(['admin-a', 'admin-b']));
    const meta = await admin.fetchTopicMetadata({ topics: ['admin-a', 'admin-b'] });
    expect(meta.topics.find((t) => t.name === 'admin-a')?.partitions).toHaveLength(4);
    expect(meta.topics.find((t) => t.name === 'admin-b')?.partitions).toHaveLength(3); // broker default

    await producer.send({
      topic: 'admin-a',
      messages: [
        { value: 'x', partition: 1 },
        { value: 'y', partition: 1 },
      ],
    });
    const offsets = await admin.fetchTopicOffsets('admin-a');
    expect(offsets.find((o) => o.partition === 1)).toMatchObject({
      high: '2',
      low: '0',
      offset: '2',
    });
    expect(offsets.find((o) => o.partition === 0)).toMatchObject({ high: '0', low: '0' });

    // a consumer group reads partition 1 and commits; admin then sees the committed offsets
    const reader = newConsumer('admin-group');
    await reader.connect();
    await reader.subscribe({ topic: 'admin-a', fromBeginning: true });
    let read = 0;
    await reader.run({
      eachMessage: () => {
        read++;
        return Promise.resolve();
      },
    });
    await waitFor('two messages', () => read === 2);
    consumers.splice(consumers.indexOf(reader), 1);
    await reader.disconnect(); // commits on the way out
    const committed = await admin.fetchOffsets({ groupId: 'admin-group', topics: ['admin-a'] });
    expect(committed[0].partitions.find((p) => p.partition === 1)?.offset).toBe('2');
    expect(committed[0].partitions.find((p) => p.partition === 0)?.offset).toBe('-1');
    const groups = await admin.listGroups();
    expect(groups.groups.map((g) => g.groupId)).toContain('admin-group');

    await admin.deleteTopics({ topics: ['admin-b'] });
    expect(await admin.listTopics()).not.toContain('admin-b');
    await admin.deleteGroups(['admin-group']);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain('admin-group');
  });
});
