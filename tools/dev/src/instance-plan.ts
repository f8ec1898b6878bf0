import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  ENV_BINDINGS,
  type PlatformConfig,
  SERVICE_NAMES,
  type ServiceName,
} from '@newsreel/shared-config';
import type { ChildSpec } from './platform-child';

/** The environment variable that sets configuration key `key` (`NEWSREEL_...`). */
export function settingFor(key: string): string {
  return ENV_BINDINGS.find((b) => b.key === key)?.env ?? key;
}

/** Where the built scripts are: `<rootDir>/dist/...`. */
function distPath(rootDir: string, ...path: string[]): string {
  return join(rootDir, 'dist', ...path);
}

/**
 * The embedded Kafka broker as a child (so a learner can kill it like any service), durable
 * under `dataDir`, on the configured embedded port.
 */
export function brokerSpec(rootDir: string, config: PlatformConfig, dataDir: string): ChildSpec {
  const port = config.kafka.embeddedPort;
  return {
    service: 'kafka',
    instanceId: 'kafka-1',
    args: [
      distPath(rootDir, 'tools', 'kafka-broker', 'src', 'cli.js'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
    ],
    env: {},
    httpPort: port,
  };
}

/**
 * Names and places the instances of each service: `<service>-<n>`; instance 1 uses the
 * configured ports, later ones get free ports (callers find them through the registry).
 */
export class InstancePlanner {
  private readonly counts = new Map<ServiceName, number>();

  /** `env`: the `NEWSREEL_*` settings every instance gets (read when each spec is made). */
  constructor(
    private readonly rootDir: string,
    private readonly config: PlatformConfig,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * The specs of the instances `scale` asks for (default one each), in `SERVICE_NAMES` order.
   * Throws for a count that is not an integer from 1 to 9.
   */
  async initial(scale: Partial<Record<ServiceName, number>> = {}): Promise<ChildSpec[]> {
    const specs: ChildSpec[] = [];
    for (const service of SERVICE_NAMES) {
      const count = scale[service] ?? 1;
      if (!Number.isInteger(count) || count < 1 || count > 9) {
        throw new Error(`--scale ${service}=${count}: the count must be an integer from 1 to 9`);
      }
      for (let i = 0; i < count; i++) specs.push(await this.next(service));
    }
    return specs;
  }

  /** The spec of the next instance of `service`. */
  async next(service: ServiceName): Promise<ChildSpec> {
    const n = (this.counts.get(service) ?? 0) + 1;
    this.counts.set(service, n);
    const configured = this.config.services[service];
    const instanceId = `${service}-${n}`;
    const own: Record<string, string> = { NEWSREEL_INSTANCE_ID: instanceId };
    let httpPort = configured.httpPort;
    let rpcPort = 'rpcPort' in configured ? configured.rpcPort : undefined;
    if (n > 1) {
      httpPort = await freePort();
      own[settingFor(`services.${service}.httpPort`)] = String(httpPort);
      if (rpcPort !== undefined) {
        rpcPort = await freePort();
        own[settingFor(`services.${service}.rpcPort`)] = String(rpcPort);
      }
    }
    return {
      service,
      instanceId,
      args: [distPath(this.rootDir, 'apps', service, 'src', 'main.js')],
      env: { ...this.env, ...own },
      httpPort,
      rpcPort,
    };
  }
}

/**
 * A port the OS says is free right now (for instances beyond the first). shared-testing has the
 * same helper, but its entry also loads the test database and Redis harnesses, which have no
 * place in the launcher `npm start` runs.
 */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
