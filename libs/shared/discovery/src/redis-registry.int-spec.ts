import { testRegistration } from './testing';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ThrowawayRedis, startRedisServer, waitFor } from '@newsreel/shared-testing';
import { RedisRegistry } from './redis-registry.adapter';
import { ServiceDirectory } from './service-directory';
import { ServiceRegistrar } from './service-registrar';
import { type RegistryEvent, RegistryUnavailableError } from './service-registry.port';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A listening TCP server, so empty-push probes find the instance alive. */
async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

// A throwaway redis-server per suite: killed and restarted to show what an outage does.
describe('RedisRegistry', () => {
  let redis: ThrowawayRedis;
  const open: Array<{ close(): Promise<void> }> = [];
  const registryFor = (ttlMs = 1000) => {
    const registry = new RedisRegistry({
      url: redis.url,
      ttlMs,
      pollMs: 100,
      connectTimeoutMs: 1000,
    });
    open.push(registry);
    return registry;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });

  afterAll(async () => {
    await redis.kill();
  });

  it('registers, lists, deregisters, and lets a record expire with its TTL', async () => {
    const registry = registryFor(400);
    await registry.register(testRegistration('video-2', 4202));
    await registry.register(testRegistration('video-1', 4102));
    await registry.register(testRegistration('account-1', 4101));
    expect((await registry.list('video')).map((i) => i.instanceId)).toEqual(['video-1', 'video-2']);
    const all = await registry.listAll();
    expect(Object.keys(all).sort()).toEqual(['account', 'video']);
    expect(all.account[0]).toMatchObject({ instanceId: 'account-1', port: 4101, colour: 'blue' });

    await registry.deregister({ service: 'video', instanceId: 'video-2' });
    expect((await registry.list('video')).map((i) => i.instanceId)).toEqual(['video-1']);

    // kill -9: no more heartbeats; the key's TTL removes it
    await waitFor(async () => (await registry.list('video')).length === 0, {
      timeoutMs: 3000,
      what: 'the record to expire',
    });
  });

  it('tells watchers of a registration within a second (pub/sub) and of an expiry (poll)', async () => {
    const writer = registryFor(500);
    const reader = registryFor(500);
    const events: RegistryEvent[] = [];
    const stop = reader.watch('comment', (event) => events.push(event));
    await waitFor(() => events.length > 0, { timeoutMs: 2000, what: 'the first read' });
    await writer.register(testRegistration('comment-1', 4103));
    await waitFor(
      () => events.some((e) => e.type === 'instances' && e.services.comment.length === 1),
      { timeoutMs: 1000, intervalMs: 20, what: 'the registration to be seen' },
    );
    const last = events.at(-1);
    await waitFor(
      () => {
        const latest = events.at(-1);
        return (
          latest !== last && latest?.type === 'instances' && latest.services.comment.length === 0
        );
      },
      { timeoutMs: 2500, what: 'the expiry to be seen' },
    );
    stop();
  });

  it('keeps serving the last lists through an outage, and finds new instances once Redis is back', async () => {
    const alive = await listening();
    const registry = registryFor(1000);
    const registrar = new ServiceRegistrar({
      registry,
      logger: silent,
      heartbeatMs: 200,
      ttlMs: 1000,
      identity: {
        service: 'like',
        instanceId: 'like-1',
        version: '0.1.0',
        colour: 'blue',
        weight: 100,
      },
    });
    await registrar.start({ host: '127.0.0.1', port: alive.port, protocol: 'newsreel-tcp' });

    const snapshotFile = join(
      mkdtempSync(join(tmpdir(), 'newsreel-redis-dir-')),
      'gateway.snapshot.json',
    );
    const directory = new ServiceDirectory({
      registry: registryFor(),
      logger: silent,
      snapshotFile,
    });
    directory.track('like');
    await directory.start();
    expect(directory.instances('like').map((i) => i.instanceId)).toEqual(['like-1']);

    await redis.kill();
    // Reads fail (fast, with the registry named) instead of hanging or answering "none".
    await expect(registry.list('like')).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(registry.list('like')).rejects.toThrow(/Redis registry at redis:\/\/127\.0\.0\.1/);
    await waitFor(() => !directory.snapshot().registryUp, {
      timeoutMs: 3000,
      what: 'the outage to be noticed',
    });
    expect(directory.instances('like').map((i) => i.instanceId)).toEqual(['like-1']);

    // A caller that starts now, while Redis is down, starts from its snapshot...
    const late = new ServiceDirectory({ registry: registryFor(), logger: silent, snapshotFile });
    late.track('like');
    await late.start();
    expect(late.snapshot()).toMatchObject({ source: 'snapshot', registryUp: false });
    expect(late.instances('like').map((i) => i.instanceId)).toEqual(['like-1']);
    // ...and one with no snapshot refuses to start, saying why.
    const bare = new ServiceDirectory({
      registry: registryFor(),
      logger: silent,
      snapshotFile: `${snapshotFile}.none`,
    });
    bare.track('like');
    await expect(bare.start()).rejects.toThrow(
      /is unreachable.*no snapshot of instances to start from/s,
    );

    // Restarted empty (no persistence): the heartbeat registers like-1 again, and a new
    // instance is found. Meanwhile empty-push protection keeps like-1 (it still answers).
    await redis.restart();
    await registryFor().register(testRegistration('like-2', alive.port));
    await waitFor(
      () =>
        directory
          .instances('like')
          .map((i) => i.instanceId)
          .join() === 'like-1,like-2',
      { timeoutMs: 5000, what: 'both instances after the restart' },
    );
    expect(directory.snapshot().registryUp).toBe(true);
    await waitFor(() => late.snapshot().source === 'registry', {
      timeoutMs: 5000,
      what: 'the late one to recover',
    });

    await registrar.stop();
    await directory.close();
    await late.close();
    alive.server.close();
  });
});
