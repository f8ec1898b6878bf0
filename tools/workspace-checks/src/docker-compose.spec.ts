import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_BINDINGS, SERVICE_NAMES, loadConfig } from '@newsreel/shared-config';
import { parse } from 'yaml';

// docker-compose.yml cannot run on the machines this repo is tested on (no Docker engine), so
// its agreement with the config schema is checked here instead: names, ports, environment.
const root = join(__dirname, '..', '..', '..');
interface ComposeService {
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const known = new Set(ENV_BINDINGS.map((b) => b.env));
/** Compose's `${VAR:-default}` as compose resolves it when VAR is unset. */
const interpolate = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml agrees with the config schema', () => {
  it('has one service per app, built from the Dockerfile with APP set', () => {
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name]?.build?.args?.APP, name).toBe(name);
    }
    expect(dockerfile).toMatch(/ARG APP\b/);
    expect(dockerfile).toContain('dist/apps/${APP}/src/main.js');
  });

  it('has the real infrastructure: Kafka, Redis, MySQL, Jaeger', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'redis', 'mysql', 'jaeger']));
  });

  it('uses only NEWSREEL_* variables the schema declares', () => {
    for (const name of SERVICE_NAMES) {
      const env = compose.services[name].environment ?? {};
      const unknown = Object.keys(env).filter((k) => k.startsWith('NEWSREEL_') && !known.has(k));
      expect(unknown, name).toEqual([]);
    }
  });

  it("gives each app an environment that loads, with the ports its image and health check use", () => {
    for (const name of SERVICE_NAMES) {
      const service = compose.services[name];
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
      const config = loadConfig({ service: name, env, configDir: join(root, 'config') });
      const httpPort = config.services[name].httpPort;
      expect(service.build?.args?.HTTP_PORT, name).toBe(String(httpPort));
      expect(service.healthcheck?.test.join(' '), name).toContain(`127.0.0.1:${httpPort}/health/ready`);
      expect(config.bindHost, name).toBe('0.0.0.0');
      // Peers are reached by compose service name, not loopback.
      for (const peer of SERVICE_NAMES) expect(config.services[peer].host, `${name} -> ${peer}`).toBe(peer);
      expect(config.kafka.brokers, name).toEqual(['kafka:9092']);
      expect(config.redis.url, name).toBe('redis://redis:6379');
      if (name !== 'gateway') {
        expect(config.services[name].databaseUrl, name).toBe(`mysql://root@mysql:3306/newsreel_${name}`);
      }
    }
  });

  it('publishes the gateway on its configured port and waits for every service', () => {
    const gateway = compose.services.gateway;
    const port = loadConfig({ env: {}, configDir: join(root, 'config') }).services.gateway.httpPort;
    expect(gateway.ports).toContain(`${port}:${port}`);
    expect(Object.keys(gateway.depends_on ?? {}).sort()).toEqual(SERVICE_NAMES.filter((s) => s !== 'gateway').sort());
  });
});
