import { loadConfig } from '@newsreel/shared-config';
import { createRegistry, resolveRegistryKind } from './create-registry';
import { FileRegistry } from './file-registry.adapter';
import { RedisRegistry } from './redis-registry.adapter';
import { StaticRegistry } from './static-registry.adapter';
import { ALL_SERVICES, type RegistryEvent } from './service-registry.port';

const config = (env: Record<string, string>) => loadConfig({ env, configDir: '/nonexistent' });

describe('resolveRegistryKind / createRegistry', () => {
  it('takes discovery.registry when set', () => {
    expect(resolveRegistryKind(config({ NEWSREEL_DISCOVERY_REGISTRY: 'static' }))).toBe('static');
    expect(
      resolveRegistryKind(
        config({ NEWSREEL_DISCOVERY_REGISTRY: 'file', NEWSREEL_REDIS_URL: 'redis://r:6379' }),
      ),
    ).toBe('file');
  });

  it('uses Redis when a Redis URL is configured, the file registry otherwise', () => {
    expect(resolveRegistryKind(config({ NEWSREEL_REDIS_URL: 'redis://r:6379' }))).toBe('redis');
    expect(resolveRegistryKind(config({ NEWSREEL_DISCOVERY_REDIS_URL: 'redis://d:6379' }))).toBe(
      'redis',
    );
    expect(resolveRegistryKind(config({}))).toBe('file');
  });

  it('builds the adapter without connecting, naming where it points', () => {
    const file = createRegistry(config({ NEWSREEL_DATA_DIR: '/srv/data' }));
    expect(file).toBeInstanceOf(FileRegistry);
    expect(file.description).toBe('file registry at /srv/data/registry');
    const redis = createRegistry(
      config({ NEWSREEL_DISCOVERY_REDIS_URL: 'redis://:hunter2@registry:6379/2' }),
    );
    expect(redis).toBeInstanceOf(RedisRegistry);
    expect(redis.description).toBe('Redis registry at redis://:***@registry:6379/2');
  });

  it('refuses the redis registry without a URL, saying which settings to set', () => {
    expect(() => createRegistry(config({ NEWSREEL_DISCOVERY_REGISTRY: 'redis' }))).toThrow(
      /NEWSREEL_DISCOVERY_REDIS_URL.*NEWSREEL_REDIS_URL/,
    );
  });
});

describe('StaticRegistry', () => {
  const registry = createRegistry(
    config({
      NEWSREEL_DISCOVERY_REGISTRY: 'static',
      NEWSREEL_VIDEO_HOST: 'video.internal',
      NEWSREEL_VIDEO_RPC_PORT: '5102',
    }),
  );

  it('lists one instance per service at the configured address (direct connect)', async () => {
    expect(registry).toBeInstanceOf(StaticRegistry);
    expect(await registry.list('video')).toMatchObject([
      {
        instanceId: 'video@video.internal:5102',
        host: 'video.internal',
        port: 5102,
        protocol: 'newsreel-tcp',
        metadata: { httpPort: 3102 },
      },
    ]);
    expect((await registry.list('gateway'))[0]).toMatchObject({ protocol: 'http', port: 3000 });
    expect(Object.keys(await registry.listAll()).sort()).toEqual([
      'account',
      'comment',
      'gateway',
      'like',
      'push',
      'video',
    ]);
  });

  it('ignores registrations and tells a watcher the fixed lists once', async () => {
    await registry.register({
      service: 'video',
      instanceId: 'video-9',
      host: 'h',
      port: 1,
      protocol: 'newsreel-tcp',
      version: '1',
      colour: 'blue',
      weight: 1,
      startedAt: new Date().toISOString(),
      metadata: {},
    });
    expect(await registry.list('video')).toHaveLength(1);
    const events = await new Promise<RegistryEvent[]>((resolve) => {
      const seen: RegistryEvent[] = [];
      registry.watch(ALL_SERVICES, (event) => seen.push(event));
      setTimeout(() => resolve(seen), 20);
    });
    expect(events).toHaveLength(1);
    expect(events[0].type === 'instances' && Object.keys(events[0].services)).toHaveLength(6);
  });
});
