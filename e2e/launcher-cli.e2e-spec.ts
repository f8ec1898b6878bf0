import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { childEnvironment } from '@newsreel/shared-config';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { isAlive, waitFor } from '@newsreel/shared-testing';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'tools', 'dev', 'src', 'main.js');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [cli], {
    cwd: root,
    env: childEnvironment(env),
    stdio: 'pipe',
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => output };
}

// The `npm start` entry point itself: status table, Ctrl-C, no orphans, busy ports.
describe('dev launcher CLI', () => {
  it('prints the status table, and on SIGINT stops every service with no orphan left', async () => {
    const launcher = run((await isolatedPlatformEnv()).env);
    await waitFor(() => launcher.output().includes('all services ready'), {
      timeoutMs: 60_000,
      what: `the launcher to report ready; output so far:\n${launcher.output()}`,
    });
    const rows = launcher
      .output()
      .split('\n')
      .filter((l) => /-1\s+\d+\s/.test(l));
    const pids = rows.map((l) => Number(l.trim().split(/\s+/)[2]));
    expect(pids).toHaveLength(7); // the broker and six services
    expect(pids.every(isAlive)).toBe(true);

    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(launcher.output()).toContain('newsreel: stopped');
  });

  it('children shut down when the launcher is killed without warning', async () => {
    const launcher = run((await isolatedPlatformEnv()).env);
    await waitFor(() => launcher.output().includes('all services ready'), { timeoutMs: 60_000 });
    const pids = launcher
      .output()
      .split('\n')
      .filter((l) => /-1\s+\d+\s/.test(l))
      .map((l) => Number(l.trim().split(/\s+/)[2]));
    launcher.child.kill('SIGKILL');
    await waitFor(() => pids.every((pid) => !isAlive(pid)), {
      timeoutMs: 15_000,
      what: 'orphans to exit',
    });
  });

  it('refuses a busy port with a message naming the port and the setting that moves it', async () => {
    const { env } = await isolatedPlatformEnv();
    const busy = Number(env.NEWSREEL_VIDEO_RPC_PORT);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(busy, '127.0.0.1', resolve));
    try {
      const launcher = run(env);
      expect(await launcher.exited).toBe(1);
      expect(launcher.output()).toContain(`Port ${busy} (video RPC)`);
      expect(launcher.output()).toContain('NEWSREEL_VIDEO_RPC_PORT=<port> npm start');
    } finally {
      blocker.close();
    }
  });
});
