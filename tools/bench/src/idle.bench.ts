/**
 * What the platform costs while nobody uses it: CPU milliseconds per second of every process
 * `npm start` runs (the embedded Kafka broker and the six services), measured from /proc
 * (Linux only) over `--duration` seconds after start-up, demo data and a `--settle` pause.
 * Background work (registry heartbeats and polls, Kafka long-polls and heartbeats, outbox
 * relays, metrics) is what a learner's laptop pays all day; a timer gone wrong shows up here
 * first. With `--real`, account and video use MariaDB and Redis.
 *
 *   npm run bench:idle [-- --duration 30 --settle 5 --rounds 3 --real]
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { launchPlatform } from '@newsreel/dev-launcher';
import { seedDemoData } from '@newsreel/seed';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { cpuMs } from './proc-cpu';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    settle: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    real: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const seconds = Math.max(1, Number(values.duration));
  const rounds = Math.max(1, Number(values.rounds));
  const isolated = await isolatedPlatformEnv({
    label: 'bench',
    real: values.real ? { services: ['account', 'video'], redisDb: 4 } : undefined,
  });
  const env = { ...isolated.env, NEWSREEL_LOG_LEVEL: 'warn' };
  const platform = await launchPlatform({ rootDir: join(__dirname, '..', '..', '..', '..'), env });
  try {
    await seedDemoData(platform.gatewayUrl);
    await sleep(Number(values.settle) * 1000);
    const processes = platform.processes.filter((p) => p.pid !== undefined);
    const perRound: Array<Map<string, number>> = [];
    for (let round = 0; round < rounds; round++) {
      const before = processes.map((p) => cpuMs([p.pid as number]));
      await sleep((seconds / rounds) * 1000);
      const rates = new Map<string, number>();
      processes.forEach((p, i) => {
        const end = cpuMs([p.pid as number]);
        const start = before[i];
        if (start !== undefined && end !== undefined)
          rates.set(p.instanceId, (end - start) / (seconds / rounds));
      });
      perRound.push(rates);
    }
    const rows = processes.map((p) => ({
      process: p.instanceId,
      'CPU ms/s (median of rounds)':
        Math.round(median(perRound.map((r) => r.get(p.instanceId) ?? NaN)) * 10) / 10,
    }));
    const total = rows.reduce((sum, row) => sum + row['CPU ms/s (median of rounds)'], 0);
    console.log(
      `\nIdle platform (${values.real ? 'MariaDB + Redis' : 'embedded'}), ${rounds} x ${seconds / rounds} s ` +
        'after start-up and demo data; CPU milliseconds per second of wall time (1000 = one core):',
    );
    console.table([
      ...rows,
      { process: 'total', 'CPU ms/s (median of rounds)': Math.round(total * 10) / 10 },
    ]);
  } finally {
    await platform.stop();
    await isolated.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
