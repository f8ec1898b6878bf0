import { testRegistration } from './testing';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@newsreel/shared-testing';
import { FileRegistry } from './file-registry.adapter';
import { ServiceRegistrar } from './service-registrar';
import type { InstancesByService } from './service-instance';
import {
  ALL_SERVICES,
  type RegistryEvent,
  RegistryUnavailableError,
} from './service-registry.port';

const registration = (instanceId: string, port: number) =>
  testRegistration(instanceId, port, { metadata: { httpPort: 3102 } });

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

// The embedded registry on a real directory: what several processes of one machine share.
describe('FileRegistry', () => {
  let root: string;
  let registry: FileRegistry;

  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'newsreel-registry-')), 'registry');
    registry = new FileRegistry({ directory: root, ttlMs: 1000, pollMs: 100 });
  });

  afterEach(async () => {
    await registry.close();
  });

  it('registers, lists (sorted, with lastHeartbeat) and deregisters', async () => {
    await registry.register(registration('video-2', 4202));
    await registry.register(registration('video-1', 4102));
    const listed = await registry.list('video');
    expect(listed.map((i) => [i.instanceId, i.port])).toEqual([
      ['video-1', 4102],
      ['video-2', 4202],
    ]);
    expect(Date.parse(listed[0].lastHeartbeat)).toBeGreaterThan(Date.now() - 5000);
    expect(listed[0].metadata).toEqual({ httpPort: 3102 });
    expect(await registry.list('comment')).toEqual([]);
    expect(Object.keys(await registry.listAll())).toEqual(['video']);

    await registry.deregister({ service: 'video', instanceId: 'video-1' });
    await registry.deregister({ service: 'video', instanceId: 'never-there' });
    expect((await registry.list('video')).map((i) => i.instanceId)).toEqual(['video-2']);
  });

  it('drops an instance whose heartbeats stop once its TTL runs out, and tidies its file later', async () => {
    registry = new FileRegistry({ directory: root, ttlMs: 300, pollMs: 100 });
    await registry.register(registration('video-1', 4102));
    // a kill -9: nothing deregisters
    const gone = await waitFor(async () => (await registry.list('video')).length === 0, {
      timeoutMs: 3000,
      what: 'the record to expire',
    });
    expect(gone).toBe(true);
    await waitFor(
      async () => {
        await registry.list('video');
        return readdirSync(join(root, 'video')).length === 0;
      },
      { timeoutMs: 4000, what: 'the expired file to be removed' },
    );
  });

  it('keeps an instance that heartbeats (the registrar), and removes it at stop', async () => {
    registry = new FileRegistry({ directory: root, ttlMs: 300, pollMs: 100 });
    const registrar = new ServiceRegistrar({
      registry,
      logger: silent,
      heartbeatMs: 100,
      ttlMs: 300,
      identity: {
        service: 'video',
        instanceId: 'video-1',
        version: '0.1.0',
        colour: 'green',
        weight: 7,
      },
    });
    await registrar.start({
      host: '127.0.0.1',
      port: 4102,
      protocol: 'newsreel-tcp',
      metadata: { httpPort: 3102 },
    });
    await new Promise((resolve) => setTimeout(resolve, 700)); // the point: longer than the TTL
    const listed = await registry.list('video');
    expect(listed).toMatchObject([
      { instanceId: 'video-1', colour: 'green', weight: 7, version: '0.1.0' },
    ]);
    await registrar.stop();
    expect(await registry.list('video')).toEqual([]);
  });

  it('refuses an instance id that is not safe as a file name', async () => {
    await expect(
      registry.register(testRegistration('../../etc/passwd', 1, { service: 'video' })),
    ).rejects.toThrow();
    const registrar = new ServiceRegistrar({
      registry,
      logger: silent,
      heartbeatMs: 200,
      ttlMs: 1000,
      identity: {
        service: 'video',
        instanceId: 'video 1',
        version: '0.1.0',
        colour: 'blue',
        weight: 1,
      },
    });
    await expect(registrar.start({ host: 'h', port: 1, protocol: 'newsreel-tcp' })).rejects.toThrow(
      /Cannot register video instance "video 1": instanceId/,
    );
  });

  it('ignores files that are not valid records', async () => {
    await registry.register(registration('video-1', 4102));
    writeFileSync(join(root, 'video', 'junk.json'), '{"service":"video"');
    writeFileSync(join(root, 'video', 'notes.txt'), 'hello');
    mkdirSync(join(root, 'video', 'odd.json'));
    expect((await registry.list('video')).map((i) => i.instanceId)).toEqual(['video-1']);
  });

  it('tells watchers of a registration within a second, and of an expiry', async () => {
    const events: RegistryEvent[] = [];
    const stop = registry.watch(ALL_SERVICES, (event) => events.push(event));
    const seen = (predicate: (services: InstancesByService) => boolean) =>
      waitFor(() => events.some((e) => e.type === 'instances' && predicate(e.services)), {
        timeoutMs: 1000,
        intervalMs: 20,
        what: 'a watcher event',
      });
    await registry.register(registration('video-1', 4102));
    await seen((s) => s.video?.length === 1);
    // expiry: no event tells of it; the poll sees it (TTL + poll 100 ms)
    await waitFor(
      () => events.some((e) => e.type === 'instances' && e.services.video?.length === 0),
      { timeoutMs: 2500, what: 'the expiry to be seen' },
    );
    stop();
  });

  it('reports a registry directory that was removed or replaced by a file as an error, not as "no instances"', async () => {
    await registry.register(registration('video-1', 4102));
    rmSync(root, { recursive: true });
    await expect(registry.list('video')).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(registry.list('video')).rejects.toThrow(/the directory is missing/);
    await expect(registry.heartbeat(registration('video-1', 4102))).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    );

    writeFileSync(root, 'not a directory');
    await expect(registry.listAll()).rejects.toThrow(/it is not a directory/);
    // A process that starts during the outage cannot create it either.
    const fresh = new FileRegistry({ directory: root, ttlMs: 1000 });
    await expect(fresh.list('video')).rejects.toBeInstanceOf(RegistryUnavailableError);

    // Restored (an operator re-creates it): heartbeats register again.
    rmSync(root);
    mkdirSync(root);
    await registry.heartbeat(registration('video-1', 4102));
    expect((await registry.list('video')).map((i) => i.instanceId)).toEqual(['video-1']);
    expect((await fresh.list('video')).map((i) => i.instanceId)).toEqual(['video-1']);
  });

  it('tells a watcher once when the registry goes away, then the lists when it is back', async () => {
    await registry.register(registration('video-1', 4102));
    const events: RegistryEvent[] = [];
    const stop = registry.watch('video', (event) => events.push(event));
    await waitFor(() => events.length === 1, { timeoutMs: 1000, what: 'the first read' });
    rmSync(root, { recursive: true });
    await waitFor(() => events.some((e) => e.type === 'error'), {
      timeoutMs: 1000,
      what: 'the error',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    mkdirSync(root);
    await waitFor(() => events.at(-1)?.type === 'instances', { timeoutMs: 1000, what: 'recovery' });
    expect(events.at(-1)).toEqual({ type: 'instances', services: { video: [] } });
    stop();
  });
});
