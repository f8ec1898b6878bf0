import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { HOT, LOCAL, configKeyRegistry } from './config-key.registry';

/** Every deployable of the platform. */
export const SERVICE_NAMES = ['gateway', 'account', 'video', 'comment', 'like', 'push'] as const;
/** Name of a deployable. */
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** The services behind the gateway (the ones that serve RPC). */
export const BACKEND_SERVICES = ['account', 'video', 'comment', 'like', 'push'] as const;
/** Name of a service behind the gateway. */
export type BackendServiceName = (typeof BACKEND_SERVICES)[number];

/** Local-development password of the seeded admin account; refused in production. */
export const DEV_ADMIN_PASSWORD = 'newsreel-admin-dev';

/** Local-development signing key; a production process refuses to start with it. */
export const DEV_JWT_SECRET = 'newsreel-local-development-only-secret-do-not-deploy';

/** Local-development key of internal RPC service tokens; refused in production. */
export const DEV_RPC_SECRET = 'newsreel-local-development-only-rpc-key-do-not-deploy';

const port = z.coerce.number().int().min(0).max(65535);
const count = (max: number) => z.coerce.number().int().min(1).max(max);

/**
 * A rate-limit rule (`@newsreel/shared-limits`): at most `points` per `windowSec` per key; with
 * `blockSec`, a key that goes over is refused that long. One shape for every limit.
 */
const rateLimitRule = (points: number, windowSec: number) =>
  z
    .strictObject({
      points: count(1_000_000).default(points),
      windowSec: count(86_400).default(windowSec),
      blockSec: z.coerce.number().int().min(0).max(86_400).optional(),
    })
    .prefault({});

/** Concurrent password hashes per account instance: 2, or 1 on a one-core machine. */
const DEFAULT_CONCURRENT_HASHES = Math.min(2, Math.max(1, availableParallelism()));
const host = z.string().min(1);

/**
 * Default ports: HTTP (health, metrics, the public API on the gateway) at 3000 + n and RPC at
 * 4000 + n, so `lsof -i :3102` or `:4102` tells at once which service is meant.
 */
const backend = (n: number) =>
  z.strictObject({
    host: host.default('127.0.0.1'),
    httpPort: port.default(3100 + n),
    rpcPort: port.default(4100 + n),
    /**
     * This service's database: `sqlite:<file>`, `mysql://`, `mariadb://` or `postgres://`.
     * Empty = a SQLite file `<dataDir>/<service>.sqlite` (the embedded default).
     */
    databaseUrl: z.string().min(1).optional(),
  });

/**
 * The platform's configuration. Defaults live here; `config/*.yaml` and `NEWSREEL_*`
 * environment variables override them (see {@link ENV_BINDINGS}). Objects are strict, so a
 * misspelled key in a YAML file fails at start instead of being ignored.
 */
export const platformConfigSchema = z.strictObject({
  /** `production` hides internals (stack traces, serving-instance headers). */
  env: z.enum(['development', 'test', 'production']).default('development'),
  /** Identifies this process in logs, health and (later) the registry; generated when empty. */
  instanceId: z.string().min(1).optional().register(configKeyRegistry, LOCAL),
  /**
   * Interface this process binds to; defaults to its own `services.<name>.host`. Containers set
   * `0.0.0.0` here while peers keep reaching them by service name.
   */
  bindHost: host.optional(),
  /** Where embedded adapters keep their files (SQLite, broker log, registry). */
  dataDir: z.string().min(1).default('.data').register(configKeyRegistry, LOCAL),
  /** Directory the gateway serves at `/media/` (the demo clips and covers). */
  mediaDir: z.string().min(1).default('assets/media'),
  /** Directory of the built web app and learner console the gateway serves at `/` (`npm run build`). */
  webDir: z.string().min(1).default('dist/web'),
  log: z
    .strictObject({
      level: z
        .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
        .default('info')
        .register(configKeyRegistry, HOT),
    })
    .default({ level: 'info' }),
  rpc: z
    .strictObject({
      /** Deadline of one RPC call when the caller sets none. */
      timeoutMs: z.coerce.number().int().min(1).max(120_000).default(3000),
    })
    .default({ timeoutMs: 3000 }),
  shutdown: z
    .strictObject({
      /** How long graceful shutdown may drain before the process exits anyway. */
      timeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
    })
    .default({ timeoutMs: 10_000 }),
  services: z
    .strictObject({
      gateway: z
        .strictObject({ host: host.default('127.0.0.1'), httpPort: port.default(3000) })
        .prefault({}),
      account: backend(1).prefault({}),
      video: backend(2).prefault({}),
      comment: backend(3).prefault({}),
      like: backend(4).prefault({}),
      push: backend(5).prefault({}),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /**
       * HMAC key (HS256) the account service signs access tokens with and the gateway verifies
       * them with. The default is for local use only and is refused when `env` is production.
       */
      jwtSecret: z.string().min(32).default(DEV_JWT_SECRET).register(configKeyRegistry, LOCAL),
      /**
       * Key every service signs and checks internal RPC service tokens with: a call without a
       * valid token is refused, so reaching a service's RPC port is not enough to act on it.
       * Different from `jwtSecret` (user tokens). The default is refused in production.
       */
      rpcSecret: z.string().min(32).default(DEV_RPC_SECRET).register(configKeyRegistry, LOCAL),
      issuer: z.string().min(1).default('newsreel-account'),
      audience: z.string().min(1).default('newsreel-api'),
      /** Access tokens are short-lived; refresh tokens rotate (15 min, 30 days). */
      accessTokenTtlSec: z.coerce.number().int().min(30).max(86_400).default(900),
      refreshTokenTtlSec: z.coerce.number().int().min(300).max(31_536_000).default(2_592_000),
      /**
       * Leeway for clocks that disagree between processes: a token is accepted up to this long
       * after `exp`, and refused when its `iat` (or `nbf`) is more than this in the future.
       */
      clockSkewSec: z.coerce.number().int().min(0).max(300).default(30),
      /**
       * Account's own defence against password guessing (checked in the account service, so no
       * caller can bypass it). Failed logins are counted per username (all addresses) and per
       * client address (all usernames); over either rule, the next attempts get 429 with
       * `Retry-After` and no password hash is computed. A success clears the username's count.
       */
      loginFailuresPerUsername: rateLimitRule(5, 300).register(configKeyRegistry, HOT),
      loginFailuresPerIp: rateLimitRule(20, 300).register(configKeyRegistry, HOT),
      /**
       * How long the gateway holds the answer to a login it refuses again for a throttled
       * (username, address) pair (a tarpit): a guesser looping on 429s then sends a few requests
       * a second instead of hundreds, and leaves the CPU to everyone else's logins. 0 = at once.
       */
      refusedLoginDelayMs: z.coerce
        .number()
        .int()
        .min(0)
        .max(10_000)
        .default(1000)
        .register(configKeyRegistry, HOT),
      /** Sign-ups per client address (429 beyond). */
      signupsPerIp: rateLimitRule(20, 3600).register(configKeyRegistry, HOT),
      /**
       * scrypt at the OWASP parameters takes 128 MiB and ~0.3 s a hash: at most `maxConcurrent`
       * run at once per account instance (memory: maxConcurrent x 128 MiB over the base),
       * `maxQueued` wait at most `maxWaitMs`; beyond that a login, sign-up or password check
       * fails at once with 503 and `Retry-After` instead of queueing into a timeout.
       */
      passwordHashing: z
        .strictObject({
          maxConcurrent: count(64).default(DEFAULT_CONCURRENT_HASHES),
          maxQueued: z.coerce.number().int().min(0).max(1000).default(4),
          maxWaitMs: count(60_000).default(1000),
        })
        .prefault({})
        .register(configKeyRegistry, HOT),
      /** The account the account service creates at start with the `admin` role. */
      adminUsername: z
        .string()
        .regex(/^[a-z0-9_]{3,32}$/)
        .default('admin'),
      /** Its password; the development default is refused when `env` is production. */
      adminPassword: z
        .string()
        .min(8)
        .max(128)
        .default(DEV_ADMIN_PASSWORD)
        .register(configKeyRegistry, LOCAL),
    })
    .prefault({}),
  notifications: z
    .strictObject({
      /**
       * Open notification streams (`GET /notifications/stream`) per gateway instance: per user
       * and per client address a new stream over the cap is refused with 429, over the total
       * with 503. Each stream holds a socket and a file descriptor.
       */
      maxStreamsPerUser: count(1000).default(5).register(configKeyRegistry, HOT),
      maxStreamsPerIp: count(100_000).default(20).register(configKeyRegistry, HOT),
      maxStreams: count(1_000_000).default(1000).register(configKeyRegistry, HOT),
    })
    .prefault({}),
  comment: z
    .strictObject({
      /** Words masked with `*` in new comments (case-insensitive, whole words). */
      sensitiveWords: z
        .array(z.string().trim().min(1).max(64))
        .max(1000)
        .default(['damn', 'idiot', 'stupid'])
        .register(configKeyRegistry, HOT),
    })
    .prefault({}),
  cache: z
    .strictObject({
      /** How long a video's detail may be served from cache (deletes invalidate it at once). */
      videoTtlMs: z.coerce
        .number()
        .int()
        .min(0)
        .max(86_400_000)
        .default(60_000)
        .register(configKeyRegistry, HOT),
      /** How long a feed page may be served from cache (publishes and deletes invalidate it). */
      feedTtlMs: z.coerce
        .number()
        .int()
        .min(0)
        .max(86_400_000)
        .default(30_000)
        .register(configKeyRegistry, HOT),
    })
    .prefault({}),
  feed: z
    .strictObject({
      /** Page size of feeds and lists when the client sends no `limit` (max 50). */
      defaultPageSize: z.coerce
        .number()
        .int()
        .min(1)
        .max(50)
        .default(20)
        .register(configKeyRegistry, HOT),
    })
    .prefault({}),
  discovery: z
    .strictObject({
      /**
       * Where services register and find each other: `static` (addresses from `services.*`,
       * stage 1 direct connect), `file` (a registry directory under `dataDir`, shared by the
       * processes of one machine) or `redis` (`discovery.redisUrl`, else `redis.url`). Empty =
       * `redis` when `redis.url` is set, `file` otherwise.
       */
      registry: z.enum(['static', 'file', 'redis']).optional(),
      /** Redis of the registry when it is not the one in `redis.url`. */
      redisUrl: z.string().url().optional(),
      /** An instance that has not heartbeated for this long is gone (a kill -9). */
      ttlMs: z.coerce.number().int().min(1000).max(120_000).default(10_000),
      /** How often a running instance renews its registration. */
      heartbeatMs: z.coerce.number().int().min(100).max(60_000).default(3000),
      /** Release colour this instance registers with (blue/green routing). */
      colour: z.enum(['blue', 'green']).default('blue'),
      /** Relative share of calls this instance gets from the weighted balancer. */
      weight: z.coerce.number().int().min(1).max(1000).default(100),
      /** How callers spread calls over the instances of a service. */
      balancer: z.enum(['round-robin', 'weighted']).default('round-robin'),
    })
    .prefault({}),
  configCentre: z
    .strictObject({
      /**
       * The remote layer over defaults, files and environment: `none`, `file` (watched files
       * under `dataDir`) or `redis` (`configCentre.redisUrl`, else `redis.url`). Empty = `redis`
       * when `redis.url` is set, `file` otherwise.
       */
      source: z.enum(['none', 'file', 'redis']).optional(),
      /** Redis of the config centre when it is not the one in `redis.url`. */
      redisUrl: z.string().url().optional(),
    })
    .prefault({})
    // Where the centre is cannot come from the centre.
    .register(configKeyRegistry, LOCAL),
  tracing: z
    .strictObject({
      /** OpenTelemetry tracing in every process (restart to change). */
      enabled: z.union([z.boolean(), z.stringbool()]).default(true),
      /** Share of new traces recorded, 0 to 1 (a caller's sampled flag is always followed). */
      sampleRatio: z.coerce.number().min(0).max(1).default(1).register(configKeyRegistry, HOT),
      /**
       * OTLP/HTTP traces endpoint (`http://jaeger:4318/v1/traces`). Empty = the embedded trace
       * store in the gateway (`GET /api/v1/admin/traces`).
       */
      otlpEndpoint: z.string().url().optional(),
      /** How many recent spans the embedded trace store keeps. */
      storeMaxSpans: z.coerce.number().int().min(100).max(1_000_000).default(5000),
    })
    .prefault({}),
  redis: z
    .strictObject({
      /** Redis for caches and counters (`redis://host:6379/0`); empty = in-process adapters. */
      url: z.string().url().optional().register(configKeyRegistry, LOCAL),
    })
    .prefault({}),
  kafka: z
    .strictObject({
      /** Apache Kafka bootstrap servers; empty = the embedded broker started by the launcher. */
      brokers: z.array(z.string().min(1)).default([]),
      embeddedPort: port.default(9092),
    })
    .prefault({}),
});

/** The validated configuration every process receives. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
