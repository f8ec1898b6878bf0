import { startBroker } from './index';
import type { BrokerHandle } from './options';
import { testKafka, waitFor } from './testing/helpers';

let broker: BrokerHandle;

beforeAll(async () => {
  broker = await startBroker({
    port: 0,
    retention: { checkIntervalMs: 50, segmentBytes: 4096, topics: { 'aged-out': { ms: 200 } } },
  });
});

afterAll(async () => {
  await broker?.stop();
});

describe('retention', () => {
  it('deletes whole old segments by size (per-topic config from CreateTopics) and advances the log start', async () => {
    const kafka = testKafka(broker.address);
    const admin = kafka.admin();
    const producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({
      topics: [
        {
          topic: 'bounded',
          numPartitions: 1,
          configEntries: [{ name: 'retention.bytes', value: '8192' }],
        },
      ],
    });
    const payload = 'x'.repeat(1024);
    for (let i = 0; i < 60; i++)
      await producer.send({ topic: 'bounded', messages: [{ value: `${i}:${payload}` }] });
    // bounded: about retention.bytes plus the active segment (~1 KiB per batch here)
    const bound = 8192 / 1024 + 4096 / 1024 + 1;
    await waitFor('retention to bound the partition', async () => {
      const [p] = await admin.fetchTopicOffsets('bounded');
      return 60 - Number(p.low) <= bound;
    });
    const [p] = await admin.fetchTopicOffsets('bounded');
    expect(p.high).toBe('60');
    expect(Number(p.low)).toBeGreaterThan(60 - bound - 1);

    // a consumer from the beginning starts at the new log start and still gets the tail in order
    const seen: number[] = [];
    const consumer = kafka.consumer({ groupId: 'bounded-reader', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'bounded', fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        seen.push(Number(message.value?.toString().split(':')[0]));
        return Promise.resolve();
      },
    });
    await waitFor('tail consumed', () => seen.includes(59));
    await consumer.disconnect();
    expect(seen[0]).toBeGreaterThanOrEqual(Number(p.low));
    expect(seen).toEqual(seen.map((_, i) => seen[0] + i));

    // per-topic age retention from the broker options
    await producer.send({ topic: 'aged-out', messages: [{ value: 'old' }, { value: 'older' }] });
    await waitFor('aged data to be deleted', async () => {
      const [q] = await admin.fetchTopicOffsets('aged-out');
      return q.low === '2' && q.high === '2';
    });
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });
});
