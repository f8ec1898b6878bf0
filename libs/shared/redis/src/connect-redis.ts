import { redactRedisUrl } from '@newsreel/shared-config';
import type { Logger } from '@newsreel/shared-logging';
import { Redis } from 'ioredis';
import { traceRedisCommands } from './redis-tracing';

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** What the connection is for (`shared`, `cache`, `subscriber`): shown in errors, logs and `CLIENT LIST`. */
  name: string;
  /** How long start-up may wait for Redis to answer before it fails. Default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * How long one command may wait for its reply before it is rejected. Default 2000 ms; `0`
   * disables it (needed for blocking commands such as `BLPOP` on a dedicated connection).
   */
  commandTimeoutMs?: number;
  /** Where connection drops and recoveries are reported. */
  logger?: Logger;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_COMMAND_TIMEOUT_MS = 2000;
/** While Redis stays down, one "still unreachable" line per this interval, not one per retry. */
const STILL_DOWN_LOG_INTERVAL_MS = 30_000;

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
 * After start, ioredis reconnects by itself (backoff capped at 2 s); the drop and the recovery are
 * logged once each (plus one reminder every 30 s while down). Commands do not wait for the
 * connection to come back: `enableOfflineQueue: false` rejects a command issued while disconnected
 * at once, `maxRetriesPerRequest: 0` rejects the commands in flight when the connection drops,
 * and `commandTimeout` bounds a command to a server that stopped answering. Callers (the cache)
 * turn those fast errors into a fallback; queued commands would instead hold requests hostage
 * for as long as the outage lasts and replay stale writes afterwards.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions): Promise<Redis> {
  const { name, logger } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const where = `Redis at ${redactRedisUrl(url)} (${name})`;
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: `newsreel-${name.replace(/\s+/g, '-')}`,
    // Socket-level bound for a host that drops packets instead of refusing.
    connectTimeout: connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), 2000),
  });

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
