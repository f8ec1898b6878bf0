import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ServiceName, childEnvironment } from '@newsreel/shared-config';
import { waitUntil } from './wait-until';

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

/** How to run one child: what the launcher needs to start it, and to start it again. */
export interface ChildSpec {
  service: ProcessStatus['service'];
  instanceId: string;
  /** Arguments to `node` (the script first). */
  args: string[];
  /** `NEWSREEL_*` settings of this child. */
  env: Record<string, string>;
  httpPort: number;
  rpcPort?: number;
}

/** What every child shares: where it runs and who hears about its output and its exit. */
export interface ChildHooks {
  rootDir: string;
  onLog?: (service: string, line: string, stream: 'stdout' | 'stderr') => void;
  onExit?: (status: ProcessStatus) => void;
}

/**
 * One running child process of the platform. Its {@link status} turns `ready` when the child
 * says so over IPC (the channel also ends the child when the launcher dies) and `exited` when
 * it ends; an exit the launcher did not ask for is reported to `onExit` (a crash, a kill -9).
 */
export class PlatformChild {
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;
  private readonly process: ChildProcess;

  /**
   * Spawns `spec`. Pass the `status` of the previous run to restart an instance in place: the
   * same object is updated, so a status table holding it follows the new process.
   */
  constructor(
    readonly spec: ChildSpec,
    hooks: ChildHooks,
    readonly status: ProcessStatus = {} as ProcessStatus,
  ) {
    this.process = spawn(process.execPath, ['--enable-source-maps', ...spec.args], {
      cwd: hooks.rootDir,
      env: childEnvironment(spec.env),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    Object.assign(status, {
      service: spec.service,
      instanceId: spec.instanceId,
      pid: this.process.pid,
      httpPort: spec.httpPort,
      rpcPort: spec.rpcPort,
      state: 'starting',
      exitCode: undefined,
    });
    for (const [stream, source] of [
      ['stdout', this.process.stdout],
      ['stderr', this.process.stderr],
    ] as const) {
      if (!source) continue;
      createInterface({ input: source }).on('line', (line) =>
        hooks.onLog?.(spec.service, line, stream),
      );
    }
    this.process.on('message', (message: { type?: string }) => {
      if (message?.type === 'newsreel:ready') status.state = 'ready';
    });
    this.exited = new Promise<void>((done) =>
      this.process.once('exit', (code) => {
        const wasRunning = status.state !== 'stopping';
        status.state = 'exited';
        status.exitCode = code;
        if (wasRunning) hooks.onExit?.(status);
        done();
      }),
    );
  }

  /** Sends `signal` and waits for the exit; an intended kill is not reported as a crash. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.status.state === 'exited') return;
    this.status.state = 'stopping';
    this.process.kill(signal);
    await this.exited;
  }

  /** Like {@link kill}, then SIGKILL if the child is still alive after `graceMs`. */
  async terminate(graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const killer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      await this.kill(signal);
    } finally {
      clearTimeout(killer);
    }
  }
}

/** Waits until every child of `children` reports ready; fails at once if one exits. */
export function waitReady(children: readonly PlatformChild[], timeoutMs: number): Promise<void> {
  return waitUntil(
    () => {
      const dead = children.find((c) => c.status.state === 'exited');
      if (dead)
        throw new Error(
          `${dead.status.service} exited during start-up (code ${dead.status.exitCode})`,
        );
      return Promise.resolve(children.every((c) => c.status.state === 'ready'));
    },
    timeoutMs,
    `${children.map((c) => c.status.service).join(', ')} to report ready`,
  );
}
