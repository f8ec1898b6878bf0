import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BackendServiceName, PlatformConfig } from '@newsreel/shared-config';
import type { DataSourceOptions, EntitySchema, MigrationInterface } from 'typeorm';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url';

/** An entity class (decorated with `@Entity`). */
export type EntityClass = new (...args: never[]) => object;

/** A migration class; its name must end with a 13-digit timestamp (TypeORM orders by it). */
export type MigrationClass = new () => MigrationInterface;

/** What a service brings to its database: its entities and the migrations that create them. */
export interface PersistenceParts {
  entities: ReadonlyArray<EntityClass | EntitySchema>;
  migrations: readonly MigrationClass[];
}

/**
 * Name of the table recording applied migrations. Fixed (not TypeORM's default `migrations`) so
 * it cannot collide with a service table, and the same in every service and dialect.
 */
export const MIGRATIONS_TABLE = 'newsreel_migrations';

/** Connections per service process on MySQL/PostgreSQL; many instances share one server. */
export const POOL_SIZE = 10;

/** How long a connection attempt (or a SQLite writer waiting for the lock) may take. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * The URL of `service`'s database: `services.<service>.databaseUrl`, or when that is empty the
 * embedded default `sqlite:<dataDir>/<service>.sqlite` (absolute).
 */
export function resolveDatabaseUrl(config: PlatformConfig, service: BackendServiceName): string {
  return (
    config.services[service].databaseUrl ??
    `sqlite:${resolve(join(config.dataDir, `${service}.sqlite`))}`
  );
}

/**
 * TypeORM options for `service`'s database (see {@link resolveDatabaseUrl} and
 * {@link parseDatabaseUrl}). Never `synchronize`: the schema changes only through migrations,
 * which run when the DataSource initializes. Creates the SQLite file's directory, so the options
 * also work for the TypeORM CLI; creating a missing MySQL database or PostgreSQL schema is left to
 * {@link openDatabase}, because it needs a connection.
 */
export function resolveDatabaseOptions(
  config: PlatformConfig,
  service: BackendServiceName,
  parts: PersistenceParts,
): DataSourceOptions {
  const target = parseDatabaseUrl(resolveDatabaseUrl(config, service));
  if (target.dialect === 'sqlite' && target.file !== ':memory:')
    mkdirSync(dirname(target.file), { recursive: true });
  return toDataSourceOptions(target, parts);
}

/** TypeORM options for a parsed target; the dialect-specific settings live here and only here. */
export function toDataSourceOptions(
  target: DatabaseTarget,
  parts: PersistenceParts,
): DataSourceOptions {
  const common = {
    entities: [...parts.entities],
    migrations: [...parts.migrations],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: true,
    // Each migration commits on its own: MySQL cannot roll DDL back anyway, so this gives every
    // dialect the same outcome when migration N fails (1..N-1 applied and recorded).
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };

  if (target.dialect === 'sqlite') {
    const memory = target.file === ':memory:';
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.file,
      // WAL lets readers run while a writer commits; a second process (a migration CLI, a test
      // peeking at the file) waits for the lock instead of failing with SQLITE_BUSY.
      enableWAL: !memory,
      // With WAL, NORMAL syncs at checkpoints instead of on every commit: a commit that returned
      // survives a crash of the process (kill -9), and only the last commits can be lost if the
      // machine itself loses power. FULL (the default) costs an fsync per commit, which caps a
      // single writer at a few hundred transactions a second (ADR 0004, "Durability").
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
      timeout: CONNECT_TIMEOUT_MS,
    };
  }

  const ssl =
    target.ssl === 'no-verify' ? { rejectUnauthorized: false } : target.ssl ? {} : undefined;
  const server = {
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    poolSize: POOL_SIZE,
  };

  if (target.dialect === 'postgres') {
    // Session settings travel in the startup packet, so every pooled connection has them before
    // its first query: UTC for server-side time functions, and the schema first in the search
    // path so hand-written SQL in repositories finds the service's tables.
    const settings = [
      '-c TimeZone=UTC',
      ...(target.schema ? [`-c search_path=${target.schema}`] : []),
    ];
    return {
      ...common,
      ...server,
      type: 'postgres',
      schema: target.schema,
      ssl,
      connectTimeoutMS: CONNECT_TIMEOUT_MS,
      applicationName: 'newsreel',
      extra: { options: settings.join(' ') },
    };
  }

  return {
    ...common,
    ...server,
    type: target.dialect,
    // A binary collation compares strings exactly, as SQLite and PostgreSQL do, so a unique index
    // means the same thing on every dialect (normalise case in the domain, not in the database).
    charset: 'utf8mb4_bin',
    // Dates as UTC on the wire, in case a service uses a DATETIME column after all.
    timezone: 'Z',
    ssl,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
}
