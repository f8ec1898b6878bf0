import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_SERVICES, type BackendServiceName } from '@newsreel/shared-config';
import { type TestDatabase, createTestDatabase, freePorts } from '@newsreel/shared-testing';

/** Options of {@link isolatedPlatformEnv}. */
export interface IsolatedPlatformEnvOptions {
  /**
   * Run on real infrastructure: a fresh MariaDB database for each of `services` (the others
   * keep their embedded SQLite files) and Redis database `redisDb` for the caches. Suites that
   * may run at the same time should use different `redisDb`s.
   */
  real?: { services: readonly BackendServiceName[]; redisDb: number };
  /** Names the temp data directory and the databases, to tell leftovers apart (`e2e`, `bench`). */
  label?: string;
}

/** What {@link isolatedPlatformEnv} returns. */
export interface IsolatedPlatformEnv {
  /** `NEWSREEL_*` settings for `launchPlatform({ env })` or the launcher CLI. */
  env: Record<string, string>;
  /** The MariaDB databases of `real.services`, in that order (empty without `real`). */
  databases: TestDatabase[];
  /** Drops the databases; call it once the platform has stopped. */
  cleanup(): Promise<void>;
}

/**
 * Settings that start a whole platform on free ports (gateway, embedded broker, every backend's
 * HTTP and RPC port) and a fresh data directory, so a suite or benchmark never collides with a
 * platform a developer has running (`npm start`) on the default ports. With `real`, some
 * services keep their data in MariaDB and the caches live in Redis instead.
 */
export async function isolatedPlatformEnv(
  options: IsolatedPlatformEnvOptions = {},
): Promise<IsolatedPlatformEnv> {
  const label = options.label ?? 'e2e';
  const ports = await freePorts(2 + BACKEND_SERVICES.length * 2);
  const env: Record<string, string> = {
    NEWSREEL_ENV: 'test',
    NEWSREEL_DATA_DIR: mkdtempSync(join(tmpdir(), `newsreel-${label}-`)),
    NEWSREEL_GATEWAY_HTTP_PORT: String(ports.pop()),
    // Short, so a stuck service cannot hold up the end of a run for long.
    NEWSREEL_SHUTDOWN_TIMEOUT_MS: '5000',
    NEWSREEL_KAFKA_EMBEDDED_PORT: String(ports.pop()),
    // Suites and benchmarks register many users from one address (127.0.0.1); the sign-up limit
    // per address is tested on its own platform (e2e/abuse.e2e-spec.ts) with the default.
    NEWSREEL_SIGNUPS_PER_IP: '1000000',
  };
  for (const service of BACKEND_SERVICES) {
    const upper = service.toUpperCase();
    env[`NEWSREEL_${upper}_HTTP_PORT`] = String(ports.pop());
    env[`NEWSREEL_${upper}_RPC_PORT`] = String(ports.pop());
  }

  const databases: TestDatabase[] = [];
  if (options.real) {
    for (const service of options.real.services) {
      // Only a name: each service creates its database when it starts.
      const db = await createTestDatabase('mariadb', {
        label: `${label}_${service}`,
        create: false,
      });
      databases.push(db);
      env[`NEWSREEL_${service.toUpperCase()}_DATABASE_URL`] = db.url;
    }
    env.NEWSREEL_REDIS_URL = `redis://127.0.0.1:6379/${options.real.redisDb}`;
  }
  return {
    env,
    databases,
    async cleanup() {
      for (const db of databases) await db.cleanup();
    },
  };
}
