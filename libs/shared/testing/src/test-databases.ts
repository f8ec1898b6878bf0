import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';

/** The SQL databases every persistence integration test runs against. */
export type TestDatabaseName = 'sqlite' | 'mariadb' | 'postgres';

/** One of the {@link TEST_DATABASES}. */
export interface TestDatabaseServer {
  /** Short name, for `describe.each(TEST_DATABASES)('$name', ...)`. */
  name: TestDatabaseName;
  /**
   * The server the fresh databases are created on (a database this user can connect to).
   * Empty for SQLite, which needs no server.
   */
  serverUrl: string;
}

/** A fresh, isolated database for one test file; see {@link createTestDatabase}. */
export interface TestDatabase {
  name: TestDatabaseName;
  /** What a service's `databaseUrl` would be set to. */
  url: string;
  /** Drops the database / schema or deletes the file. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * The databases integration tests must pass on, as they run on the CI machine and in the dev
 * container: a SQLite file, MariaDB (root, empty password) and PostgreSQL (trust auth). A server
 * that is down makes the tests fail, never skip: a green run must mean all three were tested.
 */
export const TEST_DATABASES: readonly TestDatabaseServer[] = [
  { name: 'sqlite', serverUrl: '' },
  { name: 'mariadb', serverUrl: 'mysql://root@127.0.0.1:3306/test' },
  { name: 'postgres', serverUrl: 'postgres://postgres@127.0.0.1:5432/test' },
];

/** Options of {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** Part of the generated name, to tell leftovers apart (`persistence`, `account`). */
  label?: string;
  /**
   * Create the database / schema now (default), which also proves the server is up. `false`
   * only reserves a unique name, for tests of code that creates it itself.
   */
  create?: boolean;
}

/**
 * A fresh database for one test file: a unique MariaDB database, a unique schema in the
 * PostgreSQL `test` database (`?schema=`), or a SQLite file in a new temp directory. Call
 * `cleanup()` in `afterAll`. Throws, naming the server, when the server cannot be reached.
 */
export async function createTestDatabase(
  server: TestDatabaseServer | TestDatabaseName,
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const spec = typeof server === 'string' ? TEST_DATABASES.find((s) => s.name === server) : server;
  if (!spec) throw new Error(`Unknown test database ${JSON.stringify(server)}`);
  const label = (options.label ?? 'test')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  // Letters, digits and _ only, below MySQL's 64 characters: valid unquoted in every dialect.
  const unique = `nr_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const create = options.create ?? true;

  if (spec.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'newsreel-db-'));
    return {
      name: spec.name,
      url: `sqlite:${join(dir, `${label}.sqlite`)}`,
      cleanup: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }

  const url = new URL(spec.serverUrl);
  if (spec.name === 'mariadb') {
    const admin = () => mysqlAdmin(spec);
    if (create)
      await admin().then((run) =>
        run(`CREATE DATABASE \`${unique}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`),
      );
    url.pathname = `/${unique}`;
    return {
      name: spec.name,
      url: url.toString(),
      cleanup: () => admin().then((run) => run(`DROP DATABASE IF EXISTS \`${unique}\``)),
    };
  }

  const admin = () => postgresAdmin(spec);
  if (create) await admin().then((run) => run(`CREATE SCHEMA "${unique}"`));
  url.searchParams.set('schema', unique);
  return {
    name: spec.name,
    url: url.toString(),
    cleanup: () => admin().then((run) => run(`DROP SCHEMA IF EXISTS "${unique}" CASCADE`)),
  };
}

type RunOnce = (sql: string) => Promise<void>;

/** Connects as the server's admin user and returns a one-shot statement runner. */
async function mysqlAdmin(spec: TestDatabaseServer): Promise<RunOnce> {
  const url = new URL(spec.serverUrl);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    connectTimeout: 3000,
  }).catch((error: unknown) => {
    throw unreachable(spec, error);
  });
  return async (sql) => {
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
}

async function postgresAdmin(spec: TestDatabaseServer): Promise<RunOnce> {
  const client = new Client({ connectionString: spec.serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect().catch((error: unknown) => {
    throw unreachable(spec, error);
  });
  return async (sql) => {
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
}

function unreachable(spec: TestDatabaseServer, error: unknown): Error {
  const reason =
    error instanceof AggregateError && error.errors[0] instanceof Error
      ? error.errors[0].message
      : error instanceof Error
        ? error.message || String((error as { code?: unknown }).code)
        : String(error);
  return new Error(
    `The ${spec.name} test server ${spec.serverUrl} is not reachable (${reason}). ` +
      'Integration tests need it running; they fail rather than skip without it.',
    { cause: error },
  );
}
