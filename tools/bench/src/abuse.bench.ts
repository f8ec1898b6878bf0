/**
 * What a password-guessing attack does to everyone else's logins, in one run on this machine.
 * One platform (as `npm start` runs it, on free ports); per row, for `--duration` seconds:
 *
 *  - a legitimate user logs in with the right password from 127.0.0.1, one login every 250 ms,
 *    one after another: p50 / p99 latency and the answers other than 200;
 *  - an attack of N concurrent loops of wrong-password logins runs at the same time (0 = the
 *    baseline): `single`, every guess for ONE victim from one attacker address (127.0.<row>.2,
 *    fresh victim and address per row, so no row inherits another's throttling); `spray`, every
 *    guess a random non-existent username from a random 127.1.x.y address, which per-username
 *    and per-address throttles do not see, so only the hashing bulkhead protects the service;
 *  - the account service's resident memory (VmRSS from /proc, every 100 ms): the peak.
 *
 * Every 127.x.y.z address is loopback, so the gateway sees the attacker and the user apart.
 * Between rows the bench waits until the account service is idle again (at least 2 s). The
 * sign-ups come from 127.0.0.1: `isolatedPlatformEnv` lifts the sign-up limit per address.
 * Linux only (/proc). Bounded: aborts after 15 min.
 *
 *   npm run bench:abuse [-- --duration 20 --attacks 0,8,16,32 --mode single|spray|both --real]
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { launchPlatform } from '@newsreel/dev-launcher';
import { BACKEND_SERVICES } from '@newsreel/shared-config';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { peakResidentMiB, requestFromAddress, residentMiB } from '@newsreel/shared-testing';
import { cpuMs } from './proc-cpu';
import { percentile } from './stats';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    attacks: { type: 'string', default: '0,8,16,32' },
    mode: { type: 'string', default: 'both' },
    real: { type: 'boolean', default: false },
  },
});

const ABORT_AFTER_MS = 15 * 60_000;
/** The legitimate user starts a login every this many ms (the next at once if one is late). */
const LEGIT_INTERVAL_MS = 250;
const RSS_SAMPLE_MS = 100;
const USER_ADDRESS = '127.0.0.1';
const PASSWORD = 'correct horse battery';
/** The account service counts as drained below this CPU use (ms per s) ... */
const IDLE_CPU_MS_PER_S = 50;
/** ... or after this long, whichever comes first (unprotected code hashes on for minutes). */
const DRAIN_MAX_MS = 120_000;
/** A sign-up answered 5xx (account still busy) is tried again for this long. */
const REGISTER_RETRY_MS = 60_000;

type Mode = 'single' | 'spray';

/** One answer: the status (0 when the request failed without one) and its latency. */
interface Outcome {
  status: number;
  ms: number;
}

interface Row {
  mode: Mode | 'baseline';
  attackers: number;
  legit: Outcome[];
  attack: Outcome[];
  rssStartMiB: number;
  rssPeakMiB: number;
  seconds: number;
  drainedMs: number;
  /** Whether the account service was idle at the end of the wait (not cut off by DRAIN_MAX_MS). */
  idle: boolean;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

const countBy = (outcomes: readonly Outcome[]) => {
  const counts = new Map<string, number>();
  for (const { status } of outcomes) {
    const key = status === 0 ? 'error' : String(status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
};

async function main(): Promise<void> {
  const seconds = Math.max(1, Number(values.duration));
  const attacks = values.attacks
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 0);
  if (attacks.length === 0) throw new Error(`--attacks: no attack sizes in "${values.attacks}"`);
  if (!['single', 'spray', 'both'].includes(values.mode))
    throw new Error(`--mode: single, spray or both, not "${values.mode}"`);
  const modes: Mode[] = values.mode === 'both' ? ['single', 'spray'] : [values.mode as Mode];

  const isolated = await isolatedPlatformEnv({
    label: 'bench',
    real: values.real ? { services: BACKEND_SERVICES, redisDb: 4 } : undefined,
  });
  // Services log only warnings, so the output is the results.
  const env = { ...isolated.env, NEWSREEL_LOG_LEVEL: 'warn' };
  const platform = await launchPlatform({ rootDir: join(__dirname, '..', '..', '..', '..'), env });
  // Start-up is bounded by the launcher; the rows by this (an attack on unprotected code can
  // leave the account service hashing for a long time).
  const abort = setTimeout(() => {
    console.error(`abuse bench: aborted after ${ABORT_AFTER_MS / 60_000} min`);
    const stopped = platform.stop().then(() => isolated.cleanup());
    void Promise.race([stopped, sleep(15_000)]).finally(() => process.exit(2));
  }, ABORT_AFTER_MS);
  abort.unref();
  try {
    // Requests leave from 127.x.y.z, so the gateway must be reached over IPv4, not `localhost`.
    const base = platform.gatewayUrl.replace('localhost', '127.0.0.1');
    const account = platform.processes.find((p) => p.service === 'account');
    if (account?.pid === undefined) throw new Error('no account process');
    const accountPid = account.pid;

    const login = async (from: string, username: string, password: string): Promise<Outcome> => {
      const started = performance.now();
      try {
        const res = await requestFromAddress(from, `${base}/api/v1/auth/login`, {
          body: { username, password },
        });
        return { status: res.status, ms: res.ms };
      } catch {
        return { status: 0, ms: performance.now() - started };
      }
    };
    const tag = Date.now().toString(36);
    const register = async (username: string) => {
      const deadline = Date.now() + REGISTER_RETRY_MS;
      for (let retried = false; ; retried = true) {
        const res = await requestFromAddress(USER_ADDRESS, `${base}/api/v1/auth/register`, {
          body: { username, password: PASSWORD },
        }).catch(() => undefined);
        // 409 after a 5xx: the earlier attempt went through after all.
        if (res?.status === 201 || (retried && res?.status === 409)) return username;
        if ((res !== undefined && res.status < 500) || Date.now() > deadline)
          throw new Error(
            `register ${username}: ${res?.status ?? 'no answer'} ${JSON.stringify(res?.body)}`,
          );
        await sleep(1000);
      }
    };

    /** Waits at least 2 s, then until account uses less than IDLE_CPU_MS_PER_S (at most DRAIN_MAX_MS). */
    const drain = async () => {
      const started = Date.now();
      await sleep(2000);
      while (Date.now() - started < DRAIN_MAX_MS) {
        const before = cpuMs([accountPid]);
        await sleep(500);
        const after = cpuMs([accountPid]);
        if (before === undefined || after === undefined) break;
        if ((after - before) * 2 < IDLE_CPU_MS_PER_S)
          return { ms: Date.now() - started, idle: true };
      }
      return { ms: Date.now() - started, idle: false };
    };

    const runRow = async (index: number, mode: Row['mode'], attackers: number): Promise<Row> => {
      const user = await register(`user_r${index}_${tag}`);
      const victim = mode === 'single' ? await register(`victim_r${index}_${tag}`) : '';
      const attackerAddress = `127.0.${index + 1}.2`;
      const randomAddress = () =>
        `127.1.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
      const guess = () =>
        mode === 'single'
          ? login(attackerAddress, victim, `guess ${Math.random().toString(36).slice(2)}`)
          : login(randomAddress(), `nobody_${Math.random().toString(36).slice(2, 12)}`, 'guess');

      const rssStartMiB = await residentMiB(accountPid);
      const started = performance.now();
      const until = started + seconds * 1000;
      const attack: Outcome[] = [];
      const legit: Outcome[] = [];
      const attacking = Promise.all(
        Array.from({ length: attackers }, async () => {
          while (performance.now() < until) attack.push(await guess());
        }),
      );
      const legitimate = (async () => {
        for (let next = started; next < until; next += LEGIT_INTERVAL_MS) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          else next = performance.now(); // late: start now, and keep the pace from here
          legit.push(await login(USER_ADDRESS, user, PASSWORD));
        }
      })();
      const running = Promise.all([attacking, legitimate]);
      const rssPeakMiB = Math.max(
        rssStartMiB,
        await peakResidentMiB(accountPid, running, RSS_SAMPLE_MS),
      );
      await running;
      const elapsed = (performance.now() - started) / 1000;
      const drained = await drain();
      return {
        mode,
        attackers,
        legit,
        attack,
        rssStartMiB,
        rssPeakMiB,
        seconds: elapsed,
        drainedMs: drained.ms,
        idle: drained.idle,
      };
    };

    const plan: Array<[Row['mode'], number]> = [];
    if (attacks.includes(0)) plan.push(['baseline', 0]);
    for (const mode of modes) for (const n of attacks) if (n > 0) plan.push([mode, n]);

    console.log(
      `\nPassword guessing vs legitimate logins (${values.real ? 'MariaDB + Redis' : 'embedded'}), ` +
        `${seconds} s per row, one legitimate login every ${LEGIT_INTERVAL_MS} ms from ${USER_ADDRESS}:`,
    );
    const rows: Row[] = [];
    await drain(); // start-up work (admin account, registry) out of the way
    for (const [i, [mode, n]] of plan.entries()) {
      const row = await runRow(i + 1, mode, n);
      rows.push(row);
      // One line per row as it ends, so an aborted run still shows what it measured.
      const ms = row.legit.map((o) => o.ms);
      console.log(
        `  ${mode} x${n}: legit p50 ${Math.round(percentile(ms, 50))} ms, p99 ` +
          `${Math.round(percentile(ms, 99))} ms (${countBy(row.legit)}); attack ${row.attack.length} ` +
          `(${countBy(row.attack) || 'none'}); account RSS peak ${Math.round(row.rssPeakMiB)} MiB; ` +
          `row ${round1(row.seconds)} s, ` +
          (row.idle
            ? `drained in ${round1(row.drainedMs / 1000)} s`
            : `account still busy after ${round1(row.drainedMs / 1000)} s`),
      );
    }

    console.log('\nLegitimate logins and account memory, per row:');
    console.table(
      rows.map((row) => {
        const ms = row.legit.map((o) => o.ms);
        return {
          attack: row.mode,
          clients: row.attackers,
          logins: row.legit.length,
          'p50 ms': Math.round(percentile(ms, 50)),
          'p99 ms': Math.round(percentile(ms, 99)),
          'max ms': Math.round(Math.max(...ms)),
          'non-200': row.legit.filter((o) => o.status !== 200).length,
          'account RSS start MiB': Math.round(row.rssStartMiB),
          'account RSS peak MiB': Math.round(row.rssPeakMiB),
        };
      }),
    );
    const attacked = rows.filter((row) => row.attackers > 0);
    if (attacked.length > 0) {
      console.log("\nThe attackers' answers, per row (status: count; error = no answer):");
      console.table(
        attacked.map((row) => {
          const ms = row.attack.map((o) => o.ms);
          return {
            attack: row.mode,
            clients: row.attackers,
            requests: row.attack.length,
            'req/s': Math.round(row.attack.length / row.seconds),
            statuses: countBy(row.attack),
            'p50 ms': round1(percentile(ms, 50)),
            'p99 ms': round1(percentile(ms, 99)),
          };
        }),
      );
    }
  } finally {
    await platform.stop();
    await isolated.cleanup();
    clearTimeout(abort);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
