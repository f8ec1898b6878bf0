import { EventEmitter } from 'node:events';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { ConsumerInstrumentation } from './consumer-instrumentation';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';

/** The part of a kafkajs consumer the instrumentation listens to. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const events = {
    START_BATCH_PROCESS: 'consumer.start_batch_process',
    END_BATCH_PROCESS: 'consumer.end_batch_process',
    GROUP_JOIN: 'consumer.group_join',
  };
  const consumer = {
    events,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
  } as unknown as Consumer;
  const emit = (name: keyof typeof events, payload: Record<string, unknown>) =>
    emitter.emit(events[name], { payload });
  return { consumer, emit };
}

function message(topic: string, partition: number, offset: string): EachMessagePayload {
  return {
    topic,
    partition,
    message: {
      key: null,
      value: Buffer.from('{}'),
      offset,
      headers: { 'event-id': `e-${offset}` },
      timestamp: '0',
      attributes: 0,
    },
    heartbeat: () => Promise.resolve(),
    pause: () => () => undefined,
  };
}

/** The value of the sample `name` whose labels include `labels`, or undefined when absent. */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...match[2].matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('ConsumerInstrumentation', () => {
  let registry: MetricsRegistry;
  let instrumentation: ConsumerInstrumentation;
  let consumer: ReturnType<typeof fakeConsumer>;
  const labels = { topic: 't.v1', group: 'push', service: 'push', instance: 'push-1' };

  beforeEach(() => {
    registry = new MetricsRegistry({ service: 'push', instance: 'push-1', defaultMetrics: false });
    instrumentation = new ConsumerInstrumentation(
      'push',
      new MessagingMetrics(new MessagingStats(), registry),
    );
    consumer = fakeConsumer();
    instrumentation.attach(consumer.consumer);
  });

  const lag = async (partition: number) =>
    value(await registry.metrics(), 'kafka_consumer_lag', {
      topic: 't.v1',
      partition: String(partition),
      group: 'push',
    });

  it('tracks the lag from the batch high watermark down to 0 as messages are processed', async () => {
    const each = instrumentation.eachMessage(() => Promise.resolve('processed'));
    consumer.emit('START_BATCH_PROCESS', {
      topic: 't.v1',
      partition: 1,
      highWatermark: '10',
      firstOffset: '7',
      offsetLag: '0',
    });
    expect(await lag(1)).toBe(3); // offsets 7, 8, 9 to go
    await each(message('t.v1', 1, '7'));
    expect(await lag(1)).toBe(2);
    await each(message('t.v1', 1, '8'));
    await each(message('t.v1', 1, '9'));
    expect(await lag(1)).toBe(0);
    consumer.emit('END_BATCH_PROCESS', { topic: 't.v1', partition: 1, offsetLag: '0' });
    expect(await lag(1)).toBe(0);
  });

  it('counts messages and observes handler durations by outcome', async () => {
    const outcomes = ['processed', 'processed', 'duplicate'] as const;
    let call = 0;
    const each = instrumentation.eachMessage(() => Promise.resolve(outcomes[call++]));
    for (const offset of ['0', '1', '2']) await each(message('t.v1', 0, offset));
    const text = await registry.metrics();
    expect(value(text, 'kafka_consumer_messages_total', { ...labels, outcome: 'processed' })).toBe(
      2,
    );
    expect(value(text, 'kafka_consumer_messages_total', { ...labels, outcome: 'duplicate' })).toBe(
      1,
    );
    expect(
      value(text, 'kafka_consumer_handler_duration_seconds_count', {
        ...labels,
        outcome: 'processed',
      }),
    ).toBe(2);
    expect(
      value(text, 'kafka_consumer_handler_duration_seconds_bucket', {
        ...labels,
        outcome: 'duplicate',
        le: '+Inf',
      }),
    ).toBe(1);
  });

  it('counts a handler that throws as failed, rethrows (kafkajs redelivers) and keeps the lag', async () => {
    consumer.emit('START_BATCH_PROCESS', {
      topic: 't.v1',
      partition: 0,
      highWatermark: '5',
      firstOffset: '4',
      offsetLag: '0',
    });
    const each = instrumentation.eachMessage(() => Promise.reject(new Error('database down')));
    await expect(each(message('t.v1', 0, '4'))).rejects.toThrow('database down');
    const text = await registry.metrics();
    expect(value(text, 'kafka_consumer_messages_total', { ...labels, outcome: 'failed' })).toBe(1);
    expect(await lag(0)).toBe(1);
  });

  it('drops lag series of partitions lost in a rebalance, and all of them at detach', async () => {
    for (const partition of [0, 1]) {
      consumer.emit('START_BATCH_PROCESS', {
        topic: 't.v1',
        partition,
        highWatermark: '3',
        firstOffset: '1',
        offsetLag: '0',
      });
    }
    expect([await lag(0), await lag(1)]).toEqual([2, 2]);
    consumer.emit('GROUP_JOIN', { memberAssignment: { 't.v1': [1] } });
    expect([await lag(0), await lag(1)]).toEqual([undefined, 2]);
    instrumentation.detach();
    expect(await lag(1)).toBeUndefined();
  });

  it('passes the decoded headers and the span to the handler', async () => {
    let seen: Record<string, string> | undefined;
    const each = instrumentation.eachMessage((_payload, { headers, span }) => {
      seen = headers;
      expect(typeof span.setAttribute).toBe('function');
      return Promise.resolve('processed');
    });
    await each(message('t.v1', 0, '3'));
    expect(seen).toEqual({ 'event-id': 'e-3' });
  });
});
