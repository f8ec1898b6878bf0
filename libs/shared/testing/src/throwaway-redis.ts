import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/** A `redis-server` child process a test may kill (a crash) and start again on the same port. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** SIGKILL: the server vanishes as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk). */
  restart(): Promise<void>;
}

/**
 * Starts `redis-server` on 127.0.0.1 without persistence, for tests of what happens when Redis
 * goes away. A missing `redis-server` binary fails the test (never skips it).
 */
export async function startRedisServer(port?: number): Promise<ThrowawayRedis> {
  const chosen = port ?? (await freePort());
  let child: ChildProcess | undefined;
  const start = async () => {
    const spawned = spawn(
      'redis-server',
      ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = spawned;
    const failed = new Promise<never>((_, reject) => spawned.once('error', reject));
    await Promise.race([
      failed,
      waitFor(() => acceptsConnections(chosen), {
        timeoutMs: 5000,
        what: `redis-server on ${chosen}`,
      }),
    ]);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    restart: start,
    kill: async () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
