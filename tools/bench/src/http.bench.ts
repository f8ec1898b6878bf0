/**
 * Benchmark of the gateway's public API, in one run on this machine: `GET /health/live` (the
 * gateway alone: Fastify + Nest) next to `GET /api/v1/feed` with a warm cache (gateway -> video
 * over RPC -> cache hit, plus the batched author lookup on account). Starts the whole platform
 * through the launcher on free ports with demo data; with `--real`, on MariaDB + Redis.
 *
 *   npm run bench:http [-- --duration 10 --connections 50 --real]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchPlatform } from '@newsreel/dev-launcher';
import { seedDemoData } from '@newsreel/seed';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    real: { type: 'boolean', default: false },
  },
});

interface Row {
  route: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string, route: string): Promise<Row> {
  const result = await autocannon({
    url: `${url}${route}`,
    connections: Number(values.connections),
    duration: Number(values.duration),
  });
  return {
    route,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const isolated = await isolatedPlatformEnv({
    label: 'bench',
    real: values.real ? { services: ['account', 'video'], redisDb: 4 } : undefined,
  });
  // Services log only warnings, so the output is the results.
  const env = { ...isolated.env, NEWSREEL_LOG_LEVEL: 'warn' };
  const platform = await launchPlatform({ rootDir: join(__dirname, '..', '..', '..', '..'), env });
  try {
    await seedDemoData(platform.gatewayUrl);
    for (let i = 0; i < 20; i++) await fetch(`${platform.gatewayUrl}/api/v1/feed`); // warm the cache
    const rows = [
      await measure(platform.gatewayUrl, '/health/live'),
      await measure(platform.gatewayUrl, '/api/v1/feed'),
    ];
    console.log(
      `\nGateway HTTP, ${values.connections} connections, ${values.duration} s per route, ` +
        `${values.real ? 'MariaDB + Redis' : 'embedded (SQLite + in-process cache)'}:`,
    );
    console.table(
      rows.map((r) => ({
        route: r.route,
        'req/s': r.requestsPerSec,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        errors: r.errors,
        non2xx: r.non2xx,
      })),
    );
  } finally {
    await platform.stop();
    await isolated.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
