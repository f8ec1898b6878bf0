import type { BackendServiceName, PlatformConfig } from '@newsreel/shared-config';
import type { Logger } from '@newsreel/shared-logging';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  resolveDatabaseOptions,
  resolveDatabaseUrl,
  type PersistenceParts,
  CONNECT_TIMEOUT_MS,
} from './database-options';
import { type ServerTarget, parseDatabaseUrl, redactDatabaseUrl } from './database-url';
import { PinoTypeOrmLogger } from './pino-typeorm.logger';
import { traceQueries } from './query-tracing';
import { withMigrationLock } from './migration-lock';

/** Why a database could not be used, as far as it can be told from the driver's error. */
export type DatabaseFailure = 'unreachable' | 'credentials' | 'migrations' | 'other';

/**
 * A configured database that cannot be used. The message names the service, the URL (password
 * redacted) and the cause, e.g. `video database mysql://root:***@db:3306/newsreel_video is
 * unreachable: connect ECONNREFUSED 10.0.0.5:3306`; the driver's error is kept as `cause`.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly service: BackendServiceName,
    /** The URL with its password redacted. */
    readonly url: string,
    readonly failure: DatabaseFailure,
    cause: unknown,
  ) {
    const what = {
      unreachable: 'is unreachable',
      credentials: 'refused the credentials',
      migrations: 'could not be migrated',
      other: 'could not be opened',
    }[failure];
    super(`${service} database ${url} ${what}: ${describeCause(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** What {@link openDatabase} did, for the start-up log line. */
export interface OpenedDatabase {
  dataSource: DataSource;
  /** The URL with its password redacted. */
  url: string;
  /** Names of the migrations applied by this start (empty when the schema was current). */
  applied: string[];
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Receives TypeORM's own messages (migrations run, slow queries); TypeORM's console otherwise. */
  logger?: Logger;
}

/**
 * Opens `service`'s database and brings its schema up to date: creates a missing MySQL/MariaDB
 * database or PostgreSQL schema (so one local/CI server can host every service), connects, and
 * runs pending migrations. Throws {@link DatabaseUnavailableError} when any step fails; it never
 * falls back to SQLite when a URL is configured.
 */
export async function openDatabase(
  config: PlatformConfig,
  service: BackendServiceName,
  parts: PersistenceParts,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const rawUrl = resolveDatabaseUrl(config, service);
  const url = redactDatabaseUrl(rawUrl);
  const fail = (failure: DatabaseFailure | undefined, error: unknown) =>
    new DatabaseUnavailableError(service, url, failure ?? classify(error), error);

  // A malformed URL is a configuration error and is thrown as it is (DatabaseUrlError).
  const target = parseDatabaseUrl(rawUrl);
  let dataSource: DataSource;
  try {
    if (target.dialect !== 'sqlite') await ensureDatabase(target);
    // Migrations run below rather than inside initialize(), so a failing migration is reported as
    // such and not as a connection problem.
    dataSource = new DataSource({
      ...resolveDatabaseOptions(config, service, parts),
      migrationsRun: false,
      ...(options.logger && {
        logger: new PinoTypeOrmLogger(options.logger),
        maxQueryExecutionTime: 1000,
      }),
    });
    await dataSource.initialize();
    // Before anything else queries: a query inside a request or an RPC call becomes a span.
    traceQueries(dataSource);
  } catch (error) {
    throw fail(undefined, error);
  }
  try {
    const applied = await withMigrationLock(dataSource, target, () =>
      dataSource.runMigrations({ transaction: 'each' }),
    );
    return { dataSource, url, applied: applied.map((m) => m.name) };
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw fail('migrations', error);
  }
}

/**
 * Creates the database (MySQL/MariaDB) or schema (PostgreSQL) named by `target` when it does not
 * exist yet. It looks first and creates only when missing, so a production user without CREATE
 * rights works as long as the database is provisioned.
 */
export async function ensureDatabase(target: ServerTarget): Promise<void> {
  const ssl =
    target.ssl === 'no-verify' ? { rejectUnauthorized: false } : target.ssl ? {} : undefined;
  if (target.dialect === 'postgres') {
    if (!target.schema) return;
    const client = new Client({
      host: target.host,
      port: target.port,
      user: target.username,
      password: target.password,
      database: target.database,
      ssl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    await client.connect();
    try {
      const found = await client.query(
        'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
        [target.schema],
      );
      // The name was checked to be a plain identifier when the URL was parsed.
      if (found.rowCount === 0)
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    } finally {
      await client.end();
    }
    return;
  }

  const options = {
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    ssl,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
  try {
    await (await createConnection({ ...options, database: target.database })).end();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ER_BAD_DB_ERROR') throw error;
  }
  const connection = await createConnection(options);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await connection.end();
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
]);
// MySQL access denied (user / database), PostgreSQL invalid password / authorization.
const CREDENTIAL_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  '28P01',
  '28000',
]);

function classify(error: unknown): DatabaseFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'unreachable';
  if (typeof code === 'string' && CREDENTIAL_CODES.has(code)) return 'credentials';
  // pg reports its own connect timeout without a code.
  if (error instanceof Error && /timeout|timed out/i.test(error.message)) return 'unreachable';
  return 'other';
}

/** The driver's message; Node's AggregateError (several addresses tried) has none of its own. */
function describeCause(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    const first: unknown = error.errors[0];
    if (first instanceof Error) return first.message;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}
