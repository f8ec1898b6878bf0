import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsreel-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('returns the schema defaults when nothing is set', () => {
    const config = loadConfig({ env: {}, configDir: configDir({}) });
    expect(config.services.gateway.httpPort).toBe(3000);
    expect(config.services.video).toEqual({ host: '127.0.0.1', httpPort: 3102, rpcPort: 4102 });
    expect(config.log.level).toBe('info');
    expect(config.kafka.brokers).toEqual([]);
    expect(config.instanceId).toMatch(/^process-\d+-[0-9a-f]{4}$/);
  });

  it('layers defaults < default.yaml < <service>.yaml < environment', () => {
    const dir = configDir({
      'default.yaml':
        'log:\n  level: debug\nservices:\n  video:\n    rpcPort: 5000\n    httpPort: 5001\n',
      'video.yaml': 'services:\n  video:\n    rpcPort: 6000\n',
    });
    const config = loadConfig({
      service: 'video',
      env: { NEWSREEL_VIDEO_HTTP_PORT: '7001' },
      configDir: dir,
    });
    expect(config.log.level).toBe('debug');
    expect(config.services.video.rpcPort).toBe(6000);
    expect(config.services.video.httpPort).toBe(7001);
    expect(config.services.video.host).toBe('127.0.0.1');
    // Another service's file is not read.
    expect(loadConfig({ service: 'like', env: {}, configDir: dir }).services.video.rpcPort).toBe(
      5000,
    );
  });

  it('splits list variables on commas', () => {
    const config = loadConfig({
      env: { NEWSREEL_KAFKA_BROKERS: 'a:9092, b:9092,' },
      configDir: configDir({}),
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
  });

  it('names the key and the variable of a bad environment value', () => {
    const load = () =>
      loadConfig({ env: { NEWSREEL_GATEWAY_HTTP_PORT: 'eighty' }, configDir: configDir({}) });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /services\.gateway\.httpPort \(from NEWSREEL_GATEWAY_HTTP_PORT="eighty"\)/,
    );
  });

  it('names the file of a bad or unknown key in YAML', () => {
    const dir = configDir({ 'default.yaml': 'log:\n  levle: debug\nrpc:\n  timeoutMs: -5\n' });
    let error: ConfigError | undefined;
    try {
      loadConfig({ env: {}, configDir: dir });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(2);
    expect(error?.message).toContain(`log.levle (from ${join(dir, 'default.yaml')}): unknown key`);
    expect(error?.message).toMatch(/rpc\.timeoutMs \(from .*default\.yaml\): Too small/);
  });

  it('rejects YAML that does not parse, naming the file', () => {
    const dir = configDir({ 'default.yaml': 'log: [unclosed' });
    expect(() => loadConfig({ env: {}, configDir: dir })).toThrow(/default\.yaml: not valid YAML/);
  });

  it('keeps an explicit instance id', () => {
    const config = loadConfig({
      env: { NEWSREEL_INSTANCE_ID: 'video-7' },
      configDir: configDir({}),
    });
    expect(config.instanceId).toBe('video-7');
  });

  it('refuses the development signing key in production', () => {
    expect(() =>
      loadConfig({ env: { NEWSREEL_ENV: 'production' }, configDir: configDir({}) }),
    ).toThrow(/auth\.jwtSecret: the development default cannot be used in production/);
    // The internal RPC key and the admin password have the same rule (and their own messages).
    expect(() =>
      loadConfig({
        env: { NEWSREEL_ENV: 'production', NEWSREEL_JWT_SECRET: 'x'.repeat(40) },
        configDir: configDir({}),
      }),
    ).toThrow(/auth\.rpcSecret: the development default cannot be used in production/);
    expect(() =>
      loadConfig({
        env: {
          NEWSREEL_ENV: 'production',
          NEWSREEL_JWT_SECRET: 'x'.repeat(40),
          NEWSREEL_RPC_SECRET: 'r'.repeat(40),
        },
        configDir: configDir({}),
      }),
    ).toThrow(/auth\.adminPassword: the development default cannot be used in production/);
    const config = loadConfig({
      env: {
        NEWSREEL_ENV: 'production',
        NEWSREEL_JWT_SECRET: 'x'.repeat(40),
        NEWSREEL_RPC_SECRET: 'r'.repeat(40),
        NEWSREEL_ADMIN_PASSWORD: 'a-real-admin-password',
      },
      configDir: configDir({}),
    });
    expect(config.auth.jwtSecret).toBe('x'.repeat(40));
  });
});
