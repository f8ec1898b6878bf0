import { join, resolve } from 'node:path';
import {
  BACKEND_SERVICES,
  type PlatformConfig,
  type ServiceName,
  childEnvironment,
  loadConfig,
} from '@newsreel/shared-config';
import { InstancePlanner, brokerSpec, settingFor } from './instance-plan';
import {
  type ChildHooks,
  type ChildSpec,
  PlatformChild,
  type ProcessStatus,
  waitReady,
} from './platform-child';
import { type PlannedPort, assertPortsFree } from './port-check';
import { waitUntil } from './wait-until';

export type { ProcessStatus } from './platform-child';

/** Options of {@link launchPlatform}. */
export interface LaunchOptions {
  /** Repository root (where `dist/` and `config/` are). */
  rootDir: string;
  /** `NEWSREEL_*` settings for every child, on top of the launcher's own environment. */
  env?: Record<string, string>;
  /** Receives every child's output line, already attributed. */
  onLog?: (service: string, line: string, stream: 'stdout' | 'stderr') => void;
  /** Told when a child exits while the platform runs (a crash, or a learner's kill -9). */
  onExit?: (status: ProcessStatus) => void;
  /** How long every service may take to become ready. */
  readyTimeoutMs?: number;
  /**
   * Instances per service (`{ video: 2 }`; default 1 each). Instance 1 uses the configured
   * ports; further instances get free ports and are found through the registry.
   */
  scale?: Partial<Record<ServiceName, number>>;
}

/** A running platform. */
export interface RunningPlatform {
  config: PlatformConfig;
  /** Current state of every child, in start order (the broker first when embedded). */
  processes: ProcessStatus[];
  /** The embedded Kafka broker, when no external brokers are configured. */
  kafka?: { address: string; dataDir: string };
  /** Base URL of the gateway. */
  gatewayUrl: string;
  /**
   * Kills one child (SIGKILL by default: a crash), e.g. to show what its absence does. `name` is
   * an instance id (`video-2`) or a service name (its first running instance).
   */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped instance again with the same settings and waits until it is ready. */
  start(name: string): Promise<void>;
  /** Starts one more instance of `service` (`video-3`) and waits until it is ready. */
  addInstance(service: ServiceName): Promise<ProcessStatus>;
  /** SIGTERM to every child, SIGKILL to any still alive after the grace period. */
  stop(): Promise<void>;
}

/** Every port the platform binds, with the setting that moves it. */
export function plannedPorts(config: PlatformConfig): PlannedPort[] {
  const gateway = config.services.gateway;
  const kafka: PlannedPort[] =
    config.kafka.brokers.length === 0
      ? [
          {
            port: config.kafka.embeddedPort,
            host: '127.0.0.1',
            owner: 'embedded Kafka broker',
            setting: settingFor('kafka.embeddedPort'),
          },
        ]
      : [];
  return [
    ...kafka,
    {
      port: gateway.httpPort,
      host: gateway.host,
      owner: 'gateway HTTP',
      setting: settingFor('services.gateway.httpPort'),
    },
    ...BACKEND_SERVICES.flatMap((name) => {
      const s = config.services[name];
      return [
        {
          port: s.httpPort,
          host: s.host,
          owner: `${name} HTTP`,
          setting: settingFor(`services.${name}.httpPort`),
        },
        {
          port: s.rpcPort,
          host: s.host,
          owner: `${name} RPC`,
          setting: settingFor(`services.${name}.rpcPort`),
        },
      ];
    }),
  ];
}

/**
 * Starts the embedded Kafka broker (unless brokers are configured) and every service, each as
 * its own OS process from `dist/`, and resolves once each has reported ready over IPC and the
 * gateway sees every upstream. The IPC channel also ties each child's life to the launcher's:
 * a child whose launcher dies shuts down.
 */
export async function launchPlatform(options: LaunchOptions): Promise<RunningPlatform> {
  const { rootDir } = options;
  const env = { ...options.env };
  const config = loadConfig({ env: childEnvironment(env), configDir: join(rootDir, 'config') });
  await assertPortsFree(plannedPorts(config));

  // No brokers configured: run the repo's own broker too, and hand its address to every
  // service as if it were any other Kafka (so before the services' specs are made).
  const kafkaDataDir = resolve(rootDir, config.dataDir, 'kafka');
  const broker =
    config.kafka.brokers.length === 0 ? brokerSpec(rootDir, config, kafkaDataDir) : undefined;
  if (broker) env.NEWSREEL_KAFKA_BROKERS = `127.0.0.1:${broker.httpPort}`;
  const planner = new InstancePlanner(rootDir, config, env);
  const services = await planner.initial(options.scale);

  const children = new PlatformChildren(
    { rootDir, onLog: options.onLog, onExit: options.onExit },
    options.readyTimeoutMs ?? 60_000,
    config.shutdown.timeoutMs + 2000,
  );
  const gatewayUrl = `http://${config.services.gateway.host}:${config.services.gateway.httpPort}`;
  try {
    // The broker first, so services find it at start; then every service in parallel.
    await children.startAll(broker ? [broker] : []);
    await children.startAll(services);
    await children.waitForGateway(gatewayUrl);
  } catch (error) {
    await children.stop();
    throw error;
  }
  const processes = children.statuses();
  return {
    config,
    processes,
    kafka: broker ? { address: env.NEWSREEL_KAFKA_BROKERS, dataDir: kafkaDataDir } : undefined,
    gatewayUrl,
    kill: (name, signal = 'SIGKILL') => children.find(name).kill(signal),
    start: (name) => children.restart(name),
    addInstance: async (service) => {
      const child = children.spawn(await planner.next(service));
      processes.push(child.status);
      await children.ready([child]);
      return child.status;
    },
    stop: () => children.stop(),
  };
}

/** The platform's child processes, in start order, and what the launcher does with them. */
class PlatformChildren {
  private readonly children: PlatformChild[] = [];

  /** `graceMs`: how long {@link stop} waits after SIGTERM before it sends SIGKILL. */
  constructor(
    private readonly hooks: ChildHooks,
    private readonly readyTimeoutMs: number,
    private readonly graceMs: number,
  ) {}

  /** The status of every child, in start order. */
  statuses(): ProcessStatus[] {
    return this.children.map((c) => c.status);
  }

  /** Spawns every spec at once and waits until all report ready. */
  async startAll(specs: readonly ChildSpec[]): Promise<void> {
    await this.ready(specs.map((spec) => this.spawn(spec)));
  }

  /** Spawns one more child (it shows as `starting` until it reports ready). */
  spawn(spec: ChildSpec): PlatformChild {
    const child = new PlatformChild(spec, this.hooks);
    this.children.push(child);
    return child;
  }

  /** Waits until every one of `children` reports ready; fails at once if one exits. */
  ready(children: readonly PlatformChild[]): Promise<void> {
    return waitReady(children, this.readyTimeoutMs);
  }

  /** Starts a stopped instance again with the same spec (and status object). */
  async restart(name: string): Promise<void> {
    const previous = this.find(name);
    if (previous.status.state !== 'exited') {
      throw new Error(`${previous.spec.instanceId} is still running`);
    }
    const child = new PlatformChild(previous.spec, this.hooks, previous.status);
    this.children[this.children.indexOf(previous)] = child;
    await this.ready([child]);
  }

  /** Waits until the gateway's readiness check passes: it sees every upstream. */
  waitForGateway(gatewayUrl: string): Promise<void> {
    return waitUntil(
      async () =>
        (await fetch(`${gatewayUrl}/health/ready`).catch(() => undefined))?.status === 200,
      this.readyTimeoutMs,
      'the gateway to see every service',
    );
  }

  /**
   * The child named `name`: an instance id (`video-2`), or a service name (its first running
   * instance, else its first).
   */
  find(name: string): PlatformChild {
    const byId = this.children.find((c) => c.spec.instanceId === name);
    if (byId) return byId;
    const ofService = this.children.filter((c) => c.spec.service === name);
    const target = ofService.find((c) => c.status.state !== 'exited') ?? ofService[0];
    if (!target) throw new Error(`No process or instance named ${name}`);
    return target;
  }

  /** SIGTERM to every child, SIGKILL after the grace period: services first, the broker last. */
  async stop(): Promise<void> {
    const isBroker = (c: PlatformChild) => c.spec.service === 'kafka';
    // Services drain and flush to Kafka before the broker goes.
    const services = this.children.filter((c) => !isBroker(c));
    await Promise.all(services.map((c) => c.terminate(this.graceMs)));
    await Promise.all(this.children.filter(isBroker).map((c) => c.terminate(this.graceMs)));
  }
}
