import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceName } from '@newsreel/shared-config';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '@newsreel/seed';
import { formatLogLine } from './log-format';
import { type RunningPlatform, launchPlatform } from './launcher';
import { parseScale } from './scale-option';
import { renderStatusTable } from './status-table';

// `npm start`: build (done by the npm script), launch every service, show status and logs,
// and stop everything on Ctrl-C / SIGTERM.
const rootDir = join(__dirname, '..', '..', '..', '..');
const colors = [36, 33, 35, 32, 34, 31];
const useColor = process.stdout.isTTY;
const width = 8;
const prefix = (service: string) => {
  const label = service.padEnd(width);
  const color = colors[[...service].reduce((a, c) => a + c.charCodeAt(0), 0) % colors.length];
  return useColor ? `\x1b[${color}m${label}\x1b[0m|` : `${label}|`;
};

async function main(): Promise<void> {
  const started = Date.now();
  console.log('newsreel: starting kafka, gateway, account, video, comment, like, push ...');
  // Ctrl-C during start-up must stop what has started too, so the handlers come first.
  let stopRequested: string | undefined;
  const running: { stop?: () => Promise<void> } = {};
  const shutdown = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    console.log(`\nnewsreel: ${signal} received, stopping every service ...`);
    if (!running.stop) return; // still starting: main() stops the platform as soon as it is up
    running
      .stop()
      .then(() => {
        console.log('newsreel: stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const scale = parseScale(process.argv.slice(2));
  const platform = await launchPlatform({
    rootDir,
    scale,
    onLog: (service, line) => console.log(`${prefix(service)} ${formatLogLine(line)}`),
    onExit: (status) =>
      console.log(
        `${prefix(status.service)} process ${status.pid} exited (code ${status.exitCode})`,
      ),
  });
  running.stop = () => platform.stop();
  if (stopRequested) {
    stopRequested = undefined;
    shutdown('stop requested during start-up');
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const seeded = process.argv.includes('--no-seed')
    ? undefined
    : await seedDemoData(platform.gatewayUrl);
  console.log(`\n${renderStatusTable(platform.processes)}\n`);
  console.log(
    platform.kafka
      ? `newsreel: embedded Kafka broker at ${platform.kafka.address} (data: ${platform.kafka.dataDir})`
      : `newsreel: using Kafka at ${platform.config.kafka.brokers.join(', ')}`,
  );
  console.log(`newsreel: all services ready in ${seconds} s`);
  console.log(
    `newsreel: gateway ${platform.gatewayUrl}  (API docs: ${platform.gatewayUrl}/docs, health: ${platform.gatewayUrl}/health/ready)`,
  );
  if (seeded) {
    const what =
      seeded.usersCreated || seeded.videosPublished
        ? `seeded ${seeded.usersCreated} users and ${seeded.videosPublished} videos`
        : 'demo data already present';
    const names = DEMO_USERS.map((u) => u.username).join(', ');
    console.log(`newsreel: ${what}; log in as ${names} with password "${DEMO_PASSWORD}"`);
  }
  const { adminUsername, adminPassword } = platform.config.auth;
  console.log(
    `newsreel: admin API (/api/v1/admin/*): log in as ${adminUsername} with password "${adminPassword}"`,
  );
  console.log(
    'newsreel: type "help" for instance commands (scale, stop, kill, start); Ctrl-C to stop\n',
  );
  acceptCommands(platform);
}

const HELP = `commands:
  status                 the status table
  scale <service> <n>    start instances until <service> has <n> running (e.g. scale video 2)
  stop <instance>        graceful stop (SIGTERM): deregisters, drains, exits (e.g. stop video-2)
  kill <instance>        crash it (SIGKILL): the registry drops it when its TTL runs out
  start <instance>       start a stopped instance again`;

/** Instance commands typed into the running launcher (a learner's failure demos). */
function acceptCommands(platform: RunningPlatform): void {
  const lines = createInterface({ input: process.stdin });
  const run = async (line: string): Promise<void> => {
    const [command, name, count] = line.trim().split(/\s+/);
    switch (command) {
      case '':
      case undefined:
        return;
      case 'help':
        console.log(HELP);
        return;
      case 'status':
        console.log(renderStatusTable(platform.processes));
        return;
      case 'scale': {
        const target = Number(count);
        if (!name || !Number.isInteger(target) || target < 1 || target > 9) {
          console.log('usage: scale <service> <1-9>');
          return;
        }
        const running = () =>
          platform.processes.filter((p) => p.service === name && p.state !== 'exited');
        if (running().length === 0 && !platform.processes.some((p) => p.service === name)) {
          console.log(`no service named ${name}`);
          return;
        }
        while (running().length < target) {
          const added = await platform.addInstance(name as ServiceName);
          console.log(`newsreel: ${added.instanceId} ready (pid ${added.pid})`);
        }
        const extra = running().slice(target);
        for (const instance of extra) await platform.kill(instance.instanceId, 'SIGTERM');
        console.log(renderStatusTable(platform.processes));
        return;
      }
      case 'stop':
      case 'kill':
        if (!name) return void console.log(`usage: ${command} <instance>`);
        await platform.kill(name, command === 'stop' ? 'SIGTERM' : 'SIGKILL');
        console.log(`newsreel: ${name} ${command === 'stop' ? 'stopped' : 'killed'}`);
        return;
      case 'start':
        if (!name) return void console.log('usage: start <instance>');
        await platform.start(name);
        console.log(`newsreel: ${name} ready`);
        return;
      default:
        console.log(`unknown command "${command}"; type help`);
    }
  };
  // One command at a time, in the order typed; a failed one is reported, not fatal.
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(() =>
      run(line).catch((error: unknown) =>
        console.log(`newsreel: ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
  });
}

main().catch((error: unknown) => {
  console.error(`newsreel: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
