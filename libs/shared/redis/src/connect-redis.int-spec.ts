import { createLogger } from '@newsreel/shared-logging';
import { type ThrowawayRedis, freePort, startRedisServer, waitFor } from '@newsreel/shared-testing';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from './connect-redis';
import { redactRedisUrl } from './redact-redis-url';
import { redisReadinessCheck } from './redis-connections.provider';

// Against real servers: the Redis at 127.0.0.1:6379 (the suite fails if it is absent), and
// throwaway `redis-server` children that the tests kill to take Redis away mid-flight.
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('connectRedis', () => {
  const opened: Redis[] = [];
  const servers: ThrowawayRedis[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((client) => closeRedis(client)));
    await Promise.all(servers.map((server) => server.kill()));
  });

  it('resolves with a client that is connected and has answered PING', async () => {
    const client = await connectRedis(REDIS_URL, { name: 'int-test' });
    opened.push(client);
    expect(client.status).toBe('ready');
    await expect(client.ping()).resolves.toBe('PONG');
    // The name shows in CLIENT LIST, which is how an operator tells connections apart.
    await expect(client.client('GETNAME')).resolves.toBe('newsreel-int-test');
  });

  it('rejects within the timeout, naming the URL, the purpose and the cause, when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = (await connectRedis(`redis://127.0.0.1:${port}`, {
      name: 'cache',
      connectTimeoutMs: 600,
    }).catch((e: unknown) => e)) as Error;
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      new RegExp(
        `^Redis at redis://127\\.0\\.0\\.1:${port} \\(cache\\) is unreachable: connect ECONNREFUSED`,
      ),
    );
    // It retried until the deadline (a Redis starting late is still picked up), then gave up.
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(2000);
  });

  it('never puts the password in the error', async () => {
    const port = await freePort();
    const error = (await connectRedis(`redis://:hunter2@127.0.0.1:${port}/0`, {
      name: 'cache',
      connectTimeoutMs: 200,
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`redis://:***@127.0.0.1:${port}/0`);
    expect(error.message).not.toContain('hunter2');
    expect(redactRedisUrl('redis://user:pw@h:1/2')).toBe('redis://user:***@h:1/2');
    expect(redactRedisUrl('pw-pasted-here')).toBe('<unparsable Redis URL>');
  });

  it('picks up a Redis that starts after the service, within the timeout', async () => {
    const port = await freePort();
    const connecting = connectRedis(`redis://127.0.0.1:${port}`, {
      name: 'late',
      connectTimeoutMs: 5000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    servers.push(await startRedisServer(port));
    const client = await connecting;
    opened.push(client);
    await expect(client.ping()).resolves.toBe('PONG');
  });

  it('fails commands fast while Redis is down, logs the outage once, and recovers by itself', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const lines: Array<{ level: string; msg: string; downMs?: number }> = [];
    const logger = createLogger({
      service: 'test',
      instanceId: 'test-1',
      level: 'info',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const client = await connectRedis(server.url, { name: 'flaky', logger });
    opened.push(client);
    const ready = redisReadinessCheck(client);
    await expect(ready()).resolves.toMatchObject({ up: true, latencyMs: expect.any(Number) });

    await server.kill();
    await waitFor(() => client.status !== 'ready', {
      timeoutMs: 3000,
      what: 'the client to notice',
    });
    // No offline queue: a command issued now is rejected at once instead of waiting for Redis.
    const started = Date.now();
    await expect(client.get('k')).rejects.toThrow(/enableOfflineQueue/);
    expect(Date.now() - started).toBeLessThan(100);
    await expect(ready()).resolves.toMatchObject({
      up: false,
      reason: expect.stringMatching(/^connection /),
    });
    // Several reconnect attempts happen while down (100, 200, 400 ms...), but one line says so.
    await new Promise((resolve) => setTimeout(resolve, 800));

    await server.restart();
    await waitFor(() => client.status === 'ready', {
      timeoutMs: 5000,
      what: 'the client to reconnect',
    });
    await expect(client.ping()).resolves.toBe('PONG');
    await expect(ready()).resolves.toMatchObject({ up: true });

    const flaky = lines.filter((line) => line.msg.includes('(flaky)'));
    expect(flaky.map((line) => [line.level, line.msg.replace(/\d+ ms/, 'N ms')])).toEqual([
      ['warn', `Redis at ${server.url} (flaky): connection lost, reconnecting`],
      ['info', `Redis at ${server.url} (flaky): connection restored after N ms`],
    ]);
    expect(flaky[1].downMs).toBeGreaterThanOrEqual(800);
  });

  it('rejects the commands in flight when the connection drops, instead of replaying them later', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const client = await connectRedis(server.url, { name: 'in-flight' });
    opened.push(client);
    // BLPOP with a long timeout is a command that is still waiting when the server dies.
    const pending = client.blpop('never-filled', 30).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.kill();
    const error = (await pending) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/max retries per request|Connection is closed/i);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('closeRedis quits a connected client and tolerates a dead one', async () => {
    const client = await connectRedis(REDIS_URL, { name: 'closing' });
    await closeRedis(client);
    expect(client.status).toBe('end');
    await closeRedis(client); // idempotent
    expect(client.status).toBe('end');
  });
});
