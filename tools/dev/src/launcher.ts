import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  BACKEND_SERVICES,
  ENV_BINDINGS,
  type PlatformConfig,
  SERVICE_NAMES,
  type ServiceName,
  childEnvironment,
  loadConfig,
} from '@newsreel/shared-config';
import { type PlannedPort, assertPortsFree } from './port-check';

/** State of one child process, as the status table shows it. */
export interface ProcessStatus {
  /** A service name, or `kafka` for the embedded broker. */
  service: ServiceName | 'kafka';
  instanceId: string;
  pid: number | undefined;
  /** HTTP port (health, API), or the broker's Kafka port. */
  httpPort: number;
  rpcPort?: number;
  state: 'starting' | 'ready' | 'stopping' | 'exited';
  exitCode?: number | null;
}

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

/** How to run one child. */
interface ChildSpec {
  service: ProcessStatus['service'];
  instanceId: string;
  args: string[];
  env: Record<string, string>;
  httpPort: number;
  rpcPort?: number;
}

interface Child {
  spec: ChildSpec;
  status: ProcessStatus;
  process: ChildProcess;
  exited: Promise<void>;
}

function settingFor(key: string): string {
  return ENV_BINDINGS.find((b) => b.key === key)?.env ?? key;
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
 * gateway sees every upstream. The IPC
 * channel also ties each child's life to the launcher's: a child whose launcher dies shuts down.
 */
export async function launchPlatform(options: LaunchOptions): Promise<RunningPlatform> {
  const env = { ...options.env };
  const config = loadConfig({
    env: childEnvironment(env),
    configDir: join(options.rootDir, 'config'),
  });
  await assertPortsFree(plannedPorts(config));
  const dist = (...path: string[]) => join(options.rootDir, 'dist', ...path);

  // No brokers configured: run the repo's own broker as a child process too (so a learner can
  // kill it like any service), durable under dataDir, and hand its address to every service as
  // if it were any other Kafka.
  const specs: ChildSpec[] = [];
  const kafkaDataDir = resolve(options.rootDir, config.dataDir, 'kafka');
  const embeddedKafka = config.kafka.brokers.length === 0;
  if (embeddedKafka) {
    const port = config.kafka.embeddedPort;
    specs.push({
      service: 'kafka',
      instanceId: 'kafka-1',
      args: [
        dist('tools', 'kafka-broker', 'src', 'cli.js'),
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--data',
        kafkaDataDir,
      ],
      env: {},
      httpPort: port,
    });
    env.NEWSREEL_KAFKA_BROKERS = `127.0.0.1:${port}`;
  }
  const instanceCount = new Map<ServiceName, number>();
  /** The spec of the next instance of `service`: `<service>-<n>`, own ports from n = 2 on. */
  const nextInstance = async (service: ServiceName): Promise<ChildSpec> => {
    const n = (instanceCount.get(service) ?? 0) + 1;
    instanceCount.set(service, n);
    const configured = config.services[service];
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
      args: [dist('apps', service, 'src', 'main.js')],
      env: { ...env, ...own },
      httpPort,
      rpcPort,
    };
  };
  for (const service of SERVICE_NAMES) {
    const count = options.scale?.[service] ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 9) {
      throw new Error(`--scale ${service}=${count}: the count must be an integer from 1 to 9`);
    }
    for (let i = 0; i < count; i++) specs.push(await nextInstance(service));
  }

  const spawnChild = (spec: ChildSpec, status?: ProcessStatus): Child => {
    const child = spawn(process.execPath, ['--enable-source-maps', ...spec.args], {
      cwd: options.rootDir,
      env: childEnvironment(spec.env),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const current: ProcessStatus = Object.assign(status ?? ({} as ProcessStatus), {
      service: spec.service,
      instanceId: spec.instanceId,
      pid: child.pid,
      httpPort: spec.httpPort,
      rpcPort: spec.rpcPort,
      state: 'starting',
      exitCode: undefined,
    });
    for (const [stream, source] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (!source) continue;
      createInterface({ input: source }).on('line', (line) =>
        options.onLog?.(spec.service, line, stream),
      );
    }
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'newsreel:ready') current.state = 'ready';
    });
    const exited = new Promise<void>((done) =>
      child.once('exit', (code) => {
        const wasRunning = current.state !== 'stopping';
        current.state = 'exited';
        current.exitCode = code;
        if (wasRunning) options.onExit?.(current);
        done();
      }),
    );
    return { spec, status: current, process: child, exited };
  };

  const children: Child[] = [];
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const waitReady = (subset: Child[]) =>
    waitUntil(
      () => {
        const dead = subset.find((c) => c.status.state === 'exited');
        if (dead)
          throw new Error(
            `${dead.status.service} exited during start-up (code ${dead.status.exitCode})`,
          );
        return Promise.resolve(subset.every((c) => c.status.state === 'ready'));
      },
      timeoutMs,
      `${subset.map((c) => c.status.service).join(', ')} to report ready`,
    );

  const terminate = async (child: Child, signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.status.state === 'exited') return;
    child.status.state = 'stopping';
    child.process.kill(signal);
    const killer = setTimeout(
      () => child.process.kill('SIGKILL'),
      config.shutdown.timeoutMs + 2000,
    );
    await child.exited;
    clearTimeout(killer);
  };
  const stop = async () => {
    // Services first (they drain and flush to Kafka), the broker last.
    const services = children.filter((c) => c.spec.service !== 'kafka');
    await Promise.all(services.map((c) => terminate(c)));
    await Promise.all(children.filter((c) => c.spec.service === 'kafka').map((c) => terminate(c)));
  };
  const find = (name: string) => {
    let index = children.findIndex((c) => c.spec.instanceId === name);
    if (index < 0) {
      const ofService = children.filter((c) => c.spec.service === name);
      const target = ofService.find((c) => c.status.state !== 'exited') ?? ofService[0];
      index = target ? children.indexOf(target) : -1;
    }
    if (index < 0) throw new Error(`No process or instance named ${name}`);
    return index;
  };

  const gatewayUrl = `http://${config.services.gateway.host}:${config.services.gateway.httpPort}`;
  try {
    // The broker first, so services find it at start; then every service in parallel.
    const broker = specs.filter((s) => s.service === 'kafka').map((s) => spawnChild(s));
    children.push(...broker);
    await waitReady(broker);
    const services = specs.filter((s) => s.service !== 'kafka').map((s) => spawnChild(s));
    children.push(...services);
    await waitReady(services);
    await waitUntil(
      async () =>
        (await fetch(`${gatewayUrl}/health/ready`).catch(() => undefined))?.status === 200,
      timeoutMs,
      'the gateway to see every service',
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const processes = children.map((c) => c.status);
  return {
    config,
    processes,
    kafka: embeddedKafka
      ? { address: env.NEWSREEL_KAFKA_BROKERS, dataDir: kafkaDataDir }
      : undefined,
    gatewayUrl,
    kill: async (name, signal = 'SIGKILL') => {
      const child = children[find(name)];
      if (child.status.state === 'exited') return;
      child.status.state = 'stopping'; // an intended kill is not reported as a crash
      child.process.kill(signal);
      await child.exited;
    },
    start: async (name) => {
      const index = find(name);
      const previous = children[index];
      if (previous.status.state !== 'exited') {
        throw new Error(`${previous.spec.instanceId} is still running`);
      }
      const child = spawnChild(previous.spec, previous.status);
      children[index] = child;
      await waitReady([child]);
    },
    addInstance: async (service) => {
      const child = spawnChild(await nextInstance(service));
      children.push(child);
      processes.push(child.status);
      await waitReady([child]);
      return child.status;
    },
    stop,
  };
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port the OS says is free right now (for instances beyond the first). */
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
