import { closeRedis, connectRedis } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';
import {
  type IdempotencyStore,
  MemoryIdempotencyStore,
  RedisIdempotencyStore,
} from './idempotency.store';

// The same contract on both stores; the Redis one against the real Redis on 127.0.0.1:6379,
// with two store instances standing for two gateways.
describe.each([
  { name: 'memory', redis: false },
  { name: 'Redis', redis: true },
])('$name idempotency store', ({ redis: useRedis }) => {
  const clients: Redis[] = [];
  let a: IdempotencyStore;
  let b: IdempotencyStore;
  const prefix = `newsreel:test-idempotency:${Date.now()}:`;

  beforeAll(async () => {
    if (useRedis) {
      for (let i = 0; i < 2; i += 1) {
        clients.push(await connectRedis('redis://127.0.0.1:6379/6', { name: 'idempotency-test' }));
      }
      a = new RedisIdempotencyStore(clients[0], prefix);
      b = new RedisIdempotencyStore(clients[1], prefix);
    } else {
      a = b = new MemoryIdempotencyStore();
    }
  });
  afterAll(async () => {
    for (const client of clients) await closeRedis(client);
  });

  it('claims a key once; the other instance sees it in flight, then the outcome', async () => {
    await expect(a.claim('u1:k1', 'fp', 10_000)).resolves.toEqual({ claimed: true });
    await expect(b.claim('u1:k1', 'fp', 10_000)).resolves.toEqual({
      claimed: false,
      existing: { state: 'in-flight', fingerprint: 'fp' },
    });
    await a.complete('u1:k1', { state: 'done', fingerprint: 'fp', body: { id: 'v1' } }, 60_000);
    await expect(b.claim('u1:k1', 'fp', 10_000)).resolves.toEqual({
      claimed: false,
      existing: { state: 'done', fingerprint: 'fp', body: { id: 'v1' } },
    });
  });

  it('frees a released key for the next claim', async () => {
    await a.claim('u1:k2', 'fp', 10_000);
    await a.release('u1:k2');
    await expect(b.claim('u1:k2', 'fp', 10_000)).resolves.toEqual({ claimed: true });
  });

  it('forgets a claim whose in-flight time ran out', async () => {
    await a.claim('u1:k3', 'fp', 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(b.claim('u1:k3', 'fp', 10_000)).resolves.toEqual({ claimed: true });
  });
});
