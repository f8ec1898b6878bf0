import { createRequire } from 'node:module';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import { waitFor } from '@newsreel/shared-testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * `patches/kafkajs+2.2.4.patch` (applied by `npm install`'s postinstall, patch-package): kafkajs
 * 2.2.4 re-arms a 1 ms timer forever on every broker connection once it has answered one request
 * (kafkajs#1556, #1704), so each idle service burned 3-5% of a core. These tests run the real
 * client against the embedded broker over TCP: the first fails without the patch (thousands of
 * checks in half a second), the second shows that requests that must wait still go out.
 */
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const require = createRequire(__filename);
/** kafkajs' per-connection request queue (internal; if it moves, re-check the patch). */
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: { checkPendingRequests(): void };
};

describe('kafkajs, as patched', () => {
  let broker: BrokerHandle;
  const client = (clientId: string) =>
    new Kafka({ clientId, brokers: [broker.address], logLevel: logLevel.NOTHING });
  beforeAll(async () => {
    broker = await startBroker({ port: 0, logger: silent });
  });
  afterAll(async () => {
    await broker.stop();
  });

  it('does not poll an idle connection for pending requests', async () => {
    const kafka = client('idle');
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'idle-check', maxWaitTimeInMs: 1000 });
    const topic = 'kafkajs.patch.idle';
    let received = 0;
    try {
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'warm-up' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: () => {
          received++;
          return Promise.resolve();
        },
      });
      await waitFor(() => received === 1, { what: 'the warm-up message to be consumed' });

      // Connections are open and have answered requests; now nothing is pending anywhere.
      const checks = vi.spyOn(RequestQueue.prototype, 'checkPendingRequests');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const calls = checks.mock.calls.length;
      checks.mockRestore();
      // Only responses trigger a check now: the consumer's long-poll fetches (one a second at
      // most per connection) and heartbeats. Unpatched, every connection checks every 1 ms.
      expect(calls).toBeLessThan(25);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('still sends requests that had to wait for an in-flight slot', async () => {
    const kafka = client('queued');
    // One request in flight per connection: the other sends wait in the pending queue.
    const producer = kafka.producer({ maxInFlightRequests: 1 });
    try {
      await producer.connect();
      const sends = Array.from({ length: 20 }, (_, i) =>
        producer.send({ topic: 'kafkajs.patch.queued', messages: [{ value: String(i) }] }),
      );
      const results = await Promise.all(sends);
      expect(results.flat().every((r) => r.errorCode === 0)).toBe(true);
      expect(results).toHaveLength(20);
    } finally {
      await producer.disconnect();
    }
  });
});
