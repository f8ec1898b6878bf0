import { closeRedis, connectRedis } from '@newsreel/shared-redis';
import { type ThrowawayRedis, startRedisServer } from '@newsreel/shared-testing';
import type { Redis } from 'ioredis';
import { RateLimitStoreError, createRateLimiter } from './rate-limiter';

// Counts in a real Redis: shared by every limiter (every service instance) on the same server,
// and a Redis that goes away is an error, never a silent switch to per-process counts.
describe('createRateLimiter on Redis', () => {
  let server: ThrowawayRedis;
  const clients: Redis[] = [];
  const client = async () => {
    const redis = await connectRedis(server.url, { name: 'limits-test', connectTimeoutMs: 2000 });
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const redis of clients) await closeRedis(redis);
    await server?.kill();
  });

  it('shares one count between two instances', async () => {
    const name = `shared-${Date.now()}`;
    const rule = () => ({ points: 4, windowSec: 60 });
    const a = createRateLimiter({ name, rule, redis: await client() });
    const b = createRateLimiter({ name, rule, redis: await client() });
    expect(a.store).toBe('redis');
    await a.consume('alice');
    await b.consume('alice');
    await a.consume('alice');
    await expect(b.consume('alice')).resolves.toMatchObject({ allowed: true, remaining: 0 });
    const refused = await a.consume('alice');
    expect(refused.allowed).toBe(false);
    expect(refused.resetMs).toBeGreaterThan(55_000);
    // Refund and reset reach the shared count too.
    await b.reset('alice');
    await expect(a.consume('alice')).resolves.toMatchObject({ allowed: true, remaining: 3 });
  });

  it('fails with RateLimitStoreError while Redis is down, and counts again once it is back', async () => {
    const redis = await client();
    const limiter = createRateLimiter({
      name: `outage-${Date.now()}`,
      rule: () => ({ points: 2, windowSec: 60 }),
      redis,
    });
    await expect(limiter.consume('bob')).resolves.toMatchObject({ allowed: true });
    await server.kill();
    const error = await limiter.consume('bob').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitStoreError);
    expect((error as Error).message).toMatch(
      /^Rate limiter 'outage-\d+' could not reach its store/,
    );
    await server.restart();
    // ioredis reconnects by itself (backoff capped at 2 s); the restarted server kept nothing.
    await vi.waitFor(async () => expect((await limiter.consume('bob')).allowed).toBe(true), {
      timeout: 10_000,
      interval: 200,
    });
  });
});
