import { testInstance } from './testing';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveDirectorySnapshot } from './directory-snapshot';
import { type DiscoveryLogger, ServiceDirectory } from './service-directory';
import type { InstancesByService, ServiceInstance } from './service-instance';
import {
  type RegistryListener,
  RegistryUnavailableError,
  type ServiceRegistry,
} from './service-registry.port';

/** A registry the test drives by hand: what listAll answers, and the watcher it was given. */
class FakeRegistry implements ServiceRegistry {
  readonly kind = 'file' as const;
  readonly description = 'fake registry';
  answer: InstancesByService | Error = {};
  listener?: RegistryListener;
  register = () => Promise.resolve();
  heartbeat = () => Promise.resolve();
  deregister = () => Promise.resolve();
  list = (service: string) => this.listAll().then((all) => all[service] ?? []);
  listAll(): Promise<InstancesByService> {
    return this.answer instanceof Error
      ? Promise.reject(this.answer)
      : Promise.resolve(this.answer);
  }
  watch(_service: string, listener: RegistryListener) {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  close = () => Promise.resolve();
}

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields: object }> = [];
  const at = (level: string) => (fields: object, message: string) =>
    lines.push({ level, message, fields });
  const logger: DiscoveryLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return {
    logger,
    lines,
    messages: (level: string) => lines.filter((l) => l.level === level).map((l) => l.message),
  };
}

const down = () => new RegistryUnavailableError('fake registry: the directory is missing');

describe('ServiceDirectory', () => {
  let dir: string;
  let snapshotFile: string;
  let registry: FakeRegistry;
  let log: ReturnType<typeof recordingLogger>;
  /** Instances that answer the empty-push probe. */
  let answering: Set<number>;

  const create = () =>
    new ServiceDirectory({
      registry,
      logger: log.logger,
      snapshotFile,
      probe: ({ port }) => Promise.resolve(answering.has(port)),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsreel-directory-'));
    snapshotFile = join(dir, 'discovery', 'gateway.snapshot.json');
    registry = new FakeRegistry();
    log = recordingLogger();
    answering = new Set();
  });

  it('reads nothing and watches nothing when it tracks no service', async () => {
    registry.answer = down();
    const directory = create();
    await directory.start(); // would throw if it read the registry
    expect(registry.listener).toBeUndefined();
  });

  it('loads the lists at start, watches, and saves a snapshot on every change', async () => {
    registry.answer = { video: [testInstance('video-1', 4102)] };
    const directory = create();
    directory.track('video');
    await directory.start();
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-1']);
    expect(registry.listener).toBeDefined();

    const changes: string[][] = [];
    directory.onChange((service, list) =>
      changes.push([service, ...list.map((i) => i.instanceId)]),
    );
    await directory.handle({
      type: 'instances',
      services: { video: [testInstance('video-2', 4202), testInstance('video-1', 4102)] },
    });
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-1', 'video-2']);
    expect(changes).toEqual([['video', 'video-1', 'video-2']]);
    const saved = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(saved.services.video.map((i: ServiceInstance) => i.instanceId)).toEqual([
      'video-1',
      'video-2',
    ]);
    expect(saved.registry).toBe('fake registry');
  });

  it('does not report a heartbeat as a change', async () => {
    registry.answer = { video: [testInstance('video-1', 4102)] };
    const directory = create();
    directory.track('video');
    await directory.start();
    let changes = 0;
    directory.onChange(() => (changes += 1));
    const renewed = {
      ...testInstance('video-1', 4102),
      lastHeartbeat: '2026-01-01T00:00:03.000Z',
    };
    await directory.handle({ type: 'instances', services: { video: [renewed] } });
    expect(changes).toBe(0);
    expect(directory.instances('video')[0].lastHeartbeat).toBe('2026-01-01T00:00:03.000Z');
  });

  it('keeps the last known lists through a registry outage, logging it once, and the recovery', async () => {
    registry.answer = { video: [testInstance('video-1', 4102)] };
    const directory = create();
    directory.track('video');
    await directory.start();

    await directory.handle({ type: 'error', error: down() });
    await directory.handle({ type: 'error', error: down() });
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-1']);
    expect(directory.snapshot()).toMatchObject({
      registryUp: false,
      lastError: 'fake registry: the directory is missing',
    });
    expect(log.messages('warn')).toEqual([
      'service registry unreachable: keeping the last known instances',
    ]);

    await directory.handle({
      type: 'instances',
      services: { video: [testInstance('video-1', 4102), testInstance('video-3', 4302)] },
    });
    expect(directory.snapshot().registryUp).toBe(true);
    expect(directory.snapshot().lastError).toBeUndefined();
    expect(directory.instances('video')).toHaveLength(2);
    expect(log.messages('info')).toContain('service registry reachable again');
  });

  it('ignores an update that would empty a list while its instances still answer (empty-push protection)', async () => {
    registry.answer = {
      video: [testInstance('video-1', 4102), testInstance('video-2', 4202)],
    };
    const directory = create();
    directory.track('video');
    await directory.start();
    answering = new Set([4202]); // video-1 is really gone, video-2 still answers

    await directory.handle({ type: 'instances', services: { video: [] } });
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-2']);
    await directory.handle({ type: 'instances', services: {} }); // the service vanished entirely
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-2']);
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1); // once per episode, not once per poll
    expect(warnings[0].message).toContain('empty-push protection');
    expect(warnings[0].fields).toMatchObject({ kept: ['video-2'], dropped: ['video-1'] });

    answering.clear(); // now it is gone too: the registry was right
    await directory.handle({ type: 'instances', services: { video: [] } });
    expect(directory.instances('video')).toEqual([]);
  });

  it('accepts a smaller, non-empty list without probing', async () => {
    registry.answer = {
      video: [testInstance('video-1', 4102), testInstance('video-2', 4202)],
    };
    const directory = create();
    directory.track('video');
    await directory.start();
    answering = new Set([4102, 4202]);
    await directory.handle({
      type: 'instances',
      services: { video: [testInstance('video-2', 4202)] },
    });
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-2']);
  });

  it('starts from the snapshot when the registry is unreachable at start', async () => {
    await saveDirectorySnapshot(snapshotFile, {
      savedAt: '2026-01-01T00:00:00.000Z',
      registry: 'fake registry',
      services: { video: [testInstance('video-7', 4702)] },
    });
    registry.answer = down();
    const directory = create();
    directory.track('video');
    await directory.start();
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-7']);
    expect(directory.snapshot()).toMatchObject({ source: 'snapshot', registryUp: false });
    expect(log.messages('warn')).toEqual([
      'service registry unreachable at start: using the last saved instance lists',
    ]);
    expect(registry.listener).toBeDefined(); // and it keeps watching for the registry to return

    await directory.handle({
      type: 'instances',
      services: { video: [testInstance('video-8', 4802)] },
    });
    expect(directory.snapshot()).toMatchObject({ source: 'registry', registryUp: true });
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-8']);
  });

  it('fails start-up when the registry is unreachable and there is no snapshot', async () => {
    registry.answer = down();
    const directory = create();
    directory.track('video');
    await expect(directory.start()).rejects.toThrow(
      /fake registry: the directory is missing; and there is no snapshot of instances to start from/,
    );
  });

  it('ignores invalid records in a snapshot', async () => {
    const broken = { ...testInstance('video-9', 4902), port: 'nope' };
    await saveDirectorySnapshot(snapshotFile, {
      savedAt: 'x',
      registry: 'fake',
      services: { video: [testInstance('video-7', 4702), broken as never] },
    });
    registry.answer = down();
    const directory = create();
    directory.track('video');
    await directory.start();
    expect(directory.instances('video').map((i) => i.instanceId)).toEqual(['video-7']);
  });

  it('treats an unreadable snapshot as none', async () => {
    await saveDirectorySnapshot(snapshotFile, { savedAt: 'x', registry: 'x', services: {} });
    writeFileSync(snapshotFile, '{ not json');
    registry.answer = down();
    const directory = create();
    directory.track('video');
    await expect(directory.start()).rejects.toThrow(/no snapshot/);
  });

  it('shows cool-downs as unhealthy in its snapshot', async () => {
    registry.answer = { video: [testInstance('video-1', 4102)] };
    const directory = create();
    directory.track('video');
    await directory.start();
    directory.markUnhealthy('video', 'video-1');
    expect(directory.snapshot().services.video[0]).toMatchObject({
      instanceId: 'video-1',
      healthy: false,
    });
    expect(directory.snapshot().tracked).toEqual(['video']);
  });
});
