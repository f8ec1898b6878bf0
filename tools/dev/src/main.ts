import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '@newsreel/seed';
import { formatLogLine } from './log-format';
import { launchPlatform } from './launcher';
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

  const platform = await launchPlatform({
    rootDir,
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
  console.log('newsreel: press Ctrl-C to stop\n');
}

main().catch((error: unknown) => {
  console.error(`newsreel: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
