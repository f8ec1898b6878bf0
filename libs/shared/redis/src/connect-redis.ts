import type { Logger } from '@newsreel/shared-logging';
import { Redis } from 'ioredis';
import { redactRedisUrl } from './redact-redis-url';
import { traceRedisCommands } from './redis-tracing';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** What the connection is for (`shared`, `cache`, `registry`): shown in errors, logs and `CLIENT LIST`. */
  name: string;
  /** Socket-level bound of one connection attempt. Default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * How long one command may wait for its reply before it is rejected. Default 2000 ms; `0`
   * disables it (needed for blocking commands such as `BLPOP` on a dedicated connection).
   */
  commandTimeoutMs?: number;
  /** Upper bound of the reconnect backoff (100 ms, 200 ms, ... up to this). Default 2000 ms. */
  maxReconnectDelayMs?: number;
}

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions extends Omit<RedisClientOptions, 'connectTimeoutMs'> {
  /** How long start-up may wait for Redis to answer before it fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Where connection drops and recoveries are reported. */
  logger?: Logger;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2000;
/** While Redis stays down, one "still unreachable" line per this interval, not one per retry. */
const STILL_DOWN_LOG_INTERVAL_MS = 30_000;

/**
 * The one place the platform builds an ioredis client: every Redis connection (the shared
 * client, the cache, rate limits, the registry, the config centre) comes from here, so all of
 * them fail fast the same way. The client is not connected yet (`lazyConnect`): call
 * `connect()`, or use {@link connectRedis}, which also waits for `PING`.
 *
 * Commands do not wait for a lost connection to come back: `enableOfflineQueue: false` rejects a
 * command issued while disconnected at once, `maxRetriesPerRequest: 0` rejects the commands in
 * flight when the connection drops (`autoResendUnfulfilledCommands: false`: nor are they replayed
 * later), and `commandTimeout` bounds a command to a server that stopped answering. Callers turn
 * those fast errors into what an outage means for them (the cache falls back, the registry keeps
 * its last answer); queued commands would instead hold requests hostage for as long as the
 * outage lasts and replay stale writes afterwards. ioredis reconnects by itself with a backoff.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
  return new Redis(url, {
    lazyConnect: true,
    connectionName: `newsreel-${options.name.replace(/\s+/g, '-')}`,
    // Socket-level bound for a host that drops packets instead of refusing.
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), maxDelay),
  });
}

/**
 * Opens an ioredis connection and resolves only once Redis has answered `PING`; rejects within
 * `connectTimeoutMs` with an error naming the URL (password redacted) and the last cause:
 *
 * ```
 * Redis at redis://127.0.0.1:6390 (cache) is unreachable: connect ECONNREFUSED 127.0.0.1:6390
 * ```
 *
 * A configured Redis that cannot be reached is a start-up failure, never a reason to fall back to
 * an in-process adapter. Until the deadline it keeps retrying, so a Redis that starts a moment
 * after the service (`docker compose up`) is still picked up.
 *
 * The client comes from {@link createRedisClient} (fail-fast commands, see there). After start,
 * ioredis reconnects by itself; the drop and the recovery are logged once each (plus one reminder
 * every 30 s while down).
 */
export async function connectRedis(url: string, options: ConnectRedisOptions): Promise<Redis> {
  const { name, logger } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const where = `Redis at ${redactRedisUrl(url)} (${name})`;
  const client = createRedisClient(url, { ...options, connectTimeoutMs });

  let lastError: Error | undefined;
  // Always listen: ioredis prints every unhandled 'error' event to the console, once per retry.
  const remember = (error: Error) => (lastError = error);
  client.on('error', remember);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(unreachable(where, lastError, connectTimeoutMs));
      }, connectTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
      // The first failure rejects connect() ("Connection is closed"), but the 'error' event
      // before it holds the real cause; retryStrategy keeps trying until the deadline above.
      client.connect().catch((error: Error) => (lastError ??= error));
    });
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(pong)}`);
  } catch (error) {
    client.disconnect();
    throw error instanceof Error && error.message.startsWith(where)
      ? error
      : new Error(`${where} is unreachable: ${reasonOf(error)}`, { cause: error });
  } finally {
    client.off('error', remember);
  }
  watchConnection(client, where, logger);
  // Commands sent while serving a request become spans (see traceRedisCommands).
  return traceRedisCommands(client);
}

/**
 * Closes a connection politely (`QUIT` lets in-flight replies arrive), or at once when it is not
 * connected or `QUIT` gets no answer within `timeoutMs`. Never throws: it runs during shutdown.
 */
export async function closeRedis(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  // QUIT's reply arrives before the socket is closed; wait for the end so nothing is left open.
  const ended = new Promise((resolve) => client.once('end', resolve));
  try {
    await Promise.race([
      client.quit().then(() => ended),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error('QUIT timed out')), timeoutMs)),
      ),
    ]);
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

function unreachable(where: string, cause: Error | undefined, timeoutMs: number): Error {
  const reason = cause ? reasonOf(cause) : `no answer within ${timeoutMs} ms`;
  return new Error(`${where} is unreachable: ${reason}`, { cause });
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * Reports an outage as two lines (lost, restored) and a reminder per interval while it lasts;
 * ioredis emits an error and a reconnect per attempt, which would flood the log.
 */
function watchConnection(client: Redis, where: string, logger: Logger | undefined): void {
  let downSince: number | undefined;
  let lastReminder = 0;
  let attempts = 0;
  let lastError: string | undefined;
  client.on('error', (error: Error) => (lastError = reasonOf(error)));
  client.on('reconnecting', () => {
    const now = Date.now();
    attempts += 1;
    if (downSince === undefined) {
      downSince = now;
      lastReminder = now;
      attempts = 1;
      logger?.warn({ redis: where, cause: lastError }, `${where}: connection lost, reconnecting`);
    } else if (now - lastReminder >= STILL_DOWN_LOG_INTERVAL_MS) {
      lastReminder = now;
      logger?.warn(
        { redis: where, cause: lastError, downMs: now - downSince, attempts },
        `${where}: still unreachable`,
      );
    }
  });
  client.on('ready', () => {
    if (downSince === undefined) return;
    const downMs = Date.now() - downSince;
    logger?.info(
      { redis: where, downMs, attempts },
      `${where}: connection restored after ${downMs} ms`,
    );
    downSince = undefined;
    lastError = undefined;
  });
}
