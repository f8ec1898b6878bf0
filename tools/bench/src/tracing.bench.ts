/**
 * What tracing costs, in one run on this machine: `GET /api/v1/feed` through the gateway
 * (gateway -> video over RPC, cache hit, batched author lookup on account) with tracing off,
 * at 10% sampling and at 100%, each with the embedded trace store: every service exports its
 * spans over OTLP/HTTP to its gateway, which also has to take them in (the 100% row includes
 * that).
 *
 * Two platforms run side by side: one with tracing off (`tracing.enabled` is restart-only) and
 * one with tracing on, whose sampling ratio is switched through the config centre before each
 * of its turns (the bench waits until every service reports the new version applied). The
 * ratios are thus compared on the same processes, with the same JIT state, heap and ports:
 * separate platforms per ratio differed from each other by several points even with identical
 * settings, as much as the effect being measured.
 *
 * The machine is shared (other processes come and go), so the settings are measured in turns:
 * `--rounds` rounds, each giving every setting `duration / rounds` seconds, in a rotating order.
 * req/s is the mean over the rounds and p50/p99 the median of the rounds' values; the loss is
 * the median of each round's loss (settings measured seconds apart see the same machine). CPU
 * per request (user + system time of the platform's six processes, from /proc, Linux only)
 * shows the cost even when the machine is not the bottleneck.
 *
 * Target: at most 10% fewer requests per second at 10% sampling than with tracing off.
 *
 * After each turn the bench waits `--settle` seconds (default 2) before the next turn and before
 * reading the CPU counters: spans are exported a second after they end, and that work must
 * neither land in the next turn nor go uncounted.
 *
 * `--settings` picks the settings: `off` and sampling ratios, e.g. `off,0,0.1,1` adds a 0% row
 * (the cost paid by every request, sampled or not). The first one is the baseline of the loss.
 *
 *   npm run bench:tracing [-- --duration 10 --rounds 5 --connections 50 --warmup 3 --settings off,0.1,1]
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import {
  type ConfigCentreSource,
  loadConfig,
  openConfigCentre,
  updateCentreScope,
} from '@newsreel/shared-config';
import { seedDemoData } from '@newsreel/seed';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import autocannon from 'autocannon';
import { cpuMs } from './proc-cpu';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    settings: { type: 'string', default: 'off,0.1,1' },
    settle: { type: 'string', default: '2' },
  },
});

const ROOT = join(__dirname, '..', '..', '..', '..');
const ROUTE = '/api/v1/feed';
/** Hard bound of the whole run, whatever happens. */
const ABORT_AFTER_MS = 15 * 60_000;

interface Setting {
  label: string;
  /** The sampling ratio, or `undefined` for tracing off. */
  ratio: number | undefined;
}

/** `off`, or a sampling ratio in [0, 1]. */
function settingOf(text: string): Setting {
  if (text === 'off') return { label: 'tracing off', ratio: undefined };
  const ratio = Number(text);
  if (text === '' || !(ratio >= 0 && ratio <= 1)) {
    throw new Error(`--settings: "${text}" is neither "off" nor a sampling ratio between 0 and 1`);
  }
  return { label: `sampling ${Math.round(ratio * 1000) / 10}%`, ratio };
}
const SETTINGS: Setting[] = values.settings.split(',').map((text) => settingOf(text.trim()));
/** Services whose CPU is shown on its own (the feed's path); the rest are summed. */
const SHOWN = ['gateway', 'video', 'account'] as const;

/** One running platform: tracing off, or tracing on with a ratio switched live. */
interface Host {
  isolated: IsolatedPlatformEnv;
  platform: RunningPlatform;
  /** The config centre of the tracing platform (undefined for the one with tracing off). */
  centre: ConfigCentreSource | undefined;
}

interface Running {
  setting: Setting;
  host: Host;
  runs: Array<{
    requestsPerSec: number;
    p50: number;
    p99: number;
    errors: number;
    non2xx: number;
    /** CPU time of the platform's service processes per request, microseconds. */
    cpuUsPerRequest: number | undefined;
    /** The same per service ({@link SHOWN}, and `other` for the rest). */
    cpuUsPerRequestOf: Record<string, number> | undefined;
  }>;
}

async function run(url: string, seconds: number) {
  return autocannon({
    url: `${url}${ROUTE}`,
    connections: Number(values.connections),
    duration: seconds,
  });
}

/** How many traces the gateway's store holds now (admin API; the list is capped at 200). */
async function storedTraces(gatewayUrl: string): Promise<number | undefined> {
  const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'newsreel-admin-dev' }),
  });
  if (login.status !== 200) return undefined;
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${gatewayUrl}/api/v1/admin/traces?limit=200`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (res.status !== 200) return undefined;
  return ((await res.json()) as { items: unknown[] }).items.length;
}

async function startHost(tracing: boolean): Promise<Host> {
  const isolated = await isolatedPlatformEnv({ label: 'bench' });
  // Services log only warnings, so the output is the results.
  const env = {
    ...isolated.env,
    NEWSREEL_LOG_LEVEL: 'warn',
    NEWSREEL_TRACING_ENABLED: String(tracing),
  };
  const platform = await launchPlatform({ rootDir: ROOT, env });
  let centre: ConfigCentreSource | undefined;
  if (tracing) {
    centre = openConfigCentre(loadConfig({ env, configDir: join(ROOT, 'config') }));
    if (!centre)
      throw new Error('tracing bench: the platform has no config centre to switch the ratio with');
    await centre.connect(3000);
  }
  await seedDemoData(platform.gatewayUrl);
  // Warm the cache and the JIT before anything is measured.
  await run(platform.gatewayUrl, Number(values.warmup));
  return { isolated, platform, centre };
}

/** Sets the sampling ratio through the config centre and waits until every service applied it. */
async function applyRatio(centre: ConfigCentreSource, ratio: number): Promise<void> {
  const { version } = await updateCentreScope(centre, 'shared', { 'tracing.sampleRatio': ratio });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const instances = await centre.readStatus();
    if (instances.length > 0 && instances.every((i) => i.versions.shared >= version)) return;
    if (Date.now() > deadline)
      throw new Error(`tracing bench: ratio ${ratio} not applied within 10 s`);
    await sleep(50);
  }
}

const mean = (xs: readonly number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
const round1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const abort = setTimeout(() => {
    console.error(`tracing bench: aborted after ${ABORT_AFTER_MS / 60_000} min`);
    process.exit(2);
  }, ABORT_AFTER_MS);
  abort.unref();

  const rounds = Math.max(1, Number(values.rounds));
  const seconds = Math.max(1, Math.round(Number(values.duration) / rounds));
  const running: Running[] = [];
  const hosts: Host[] = [];
  try {
    let off: Host | undefined;
    let traced: Host | undefined;
    for (const setting of SETTINGS) {
      let host: Host;
      if (setting.ratio === undefined) {
        if (!off) {
          console.log('starting a platform with tracing off...');
          off = await startHost(false);
          hosts.push(off);
        }
        host = off;
      } else {
        if (!traced) {
          console.log(
            'starting a platform with tracing on (the ratio is switched before each turn)...',
          );
          traced = await startHost(true);
          hosts.push(traced);
        }
        host = traced;
      }
      running.push({ setting, host, runs: [] });
    }
    for (let round = 0; round < rounds; round++) {
      // Rotate who goes first, so no setting always follows the same neighbour.
      const order = running.map((_, i) => running[(i + round) % running.length]);
      for (const r of order) {
        console.log(
          `round ${round + 1}/${rounds}: ${r.setting.label}, ${seconds} s of GET ${ROUTE}`,
        );
        if (r.host.centre && r.setting.ratio !== undefined)
          await applyRatio(r.host.centre, r.setting.ratio);
        const processes = r.host.platform.processes.filter(
          (p) => p.service !== 'kafka' && p.pid !== undefined,
        );
        const groups = new Map<string, number[]>();
        for (const p of processes) {
          const group = (SHOWN as readonly string[]).includes(p.service) ? p.service : 'other';
          groups.set(group, [...(groups.get(group) ?? []), p.pid as number]);
        }
        const pids = processes.map((p) => p.pid as number);
        const before = new Map([...groups].map(([group, ids]) => [group, cpuMs(ids)]));
        const cpuBefore = cpuMs(pids);
        const result = await run(r.host.platform.gatewayUrl, seconds);
        await sleep(Number(values.settle) * 1000);
        const cpuAfter = cpuMs(pids);
        const perService: Record<string, number> = {};
        for (const [group, ids] of groups) {
          const start = before.get(group);
          const end = cpuMs(ids);
          if (start === undefined || end === undefined || result.requests.total === 0) continue;
          perService[group] = ((end - start) * 1000) / result.requests.total;
        }
        r.runs.push({
          cpuUsPerRequestOf: Object.keys(perService).length ? perService : undefined,
          requestsPerSec: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
          cpuUsPerRequest:
            cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
              ? undefined
              : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
        });
      }
    }
    const rows = await Promise.all(
      running.map(async (r) => {
        const cpu = r.runs.map((x) => x.cpuUsPerRequest);
        return {
          setting: r.setting.label,
          requestsPerSec: Math.round(mean(r.runs.map((x) => x.requestsPerSec))),
          p50: median(r.runs.map((x) => x.p50)),
          p99: median(r.runs.map((x) => x.p99)),
          errors: r.runs.reduce((sum, x) => sum + x.errors, 0),
          non2xx: r.runs.reduce((sum, x) => sum + x.non2xx, 0),
          cpuUsPerRequest: cpu.every((x) => x !== undefined) ? Math.round(median(cpu)) : undefined,
          cpuOf: (group: string) => {
            const xs = r.runs.map((x) => x.cpuUsPerRequestOf?.[group]);
            return xs.every((x) => x !== undefined) ? Math.round(median(xs)) : '-';
          },
          traces: r.host.centre ? await storedTraces(r.host.platform.gatewayUrl) : undefined,
        };
      }),
    );
    // Loss of setting i against tracing off, round by round, then the median.
    const lossOf = (i: number) =>
      round1(
        median(
          running[0].runs.map(
            (off, k) =>
              (100 * (off.requestsPerSec - running[i].runs[k].requestsPerSec)) / off.requestsPerSec,
          ),
        ),
      );
    console.log(
      `\nGateway GET ${ROUTE}, ${values.connections} connections, ${rounds} x ${seconds} s per ` +
        'setting, embedded (SQLite + in-process cache), spans to the embedded trace store; ' +
        'CPU us/req is all services, then per service:',
    );
    console.table(
      rows.map((r, i) => ({
        setting: r.setting,
        'req/s': r.requestsPerSec,
        'loss %': i === 0 ? '-' : lossOf(i),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'CPU us/req': r.cpuUsPerRequest ?? '-',
        ...Object.fromEntries([...SHOWN, 'other'].map((group) => [group, r.cpuOf(group)])),
        errors: r.errors,
        non2xx: r.non2xx,
        'traces listed (max 200)': r.traces ?? '-',
      })),
    );
    const ten = SETTINGS.findIndex((setting) => setting.label === 'sampling 10%');
    if (ten > 0 && SETTINGS[0].label === 'tracing off') {
      const atTen = lossOf(ten);
      console.log(
        `Target (at most 10% loss at 10% sampling): ${atTen <= 10 ? 'met' : 'NOT met'} (${atTen}%).`,
      );
    }
  } finally {
    for (const host of hosts) {
      await host.centre?.close();
      await host.platform.stop();
      await host.isolated.cleanup();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
