import { resolve } from 'node:path';

/** The SQL databases a service can run on; the same entities and migrations serve all of them. */
export type DatabaseDialect = 'sqlite' | 'mysql' | 'mariadb' | 'postgres';

/** A SQLite file (or `:memory:`), opened with better-sqlite3. */
export interface SqliteTarget {
  dialect: 'sqlite';
  /** Absolute path of the file, or `:memory:`. */
  file: string;
}

/** A database on a MySQL, MariaDB or PostgreSQL server. */
export interface ServerTarget {
  dialect: 'mysql' | 'mariadb' | 'postgres';
  host: string;
  port: number;
  username: string;
  password?: string;
  /** The database (MySQL/MariaDB: created when missing; PostgreSQL: must exist). */
  database: string;
  /** PostgreSQL only: schema the service's tables live in (`?schema=`), created when missing. */
  schema?: string;
  /** TLS: `false` off, `true` verified, `'no-verify'` encrypted without checking the certificate. */
  ssl: boolean | 'no-verify';
}

/** Where a service's data lives, parsed from its `databaseUrl`. */
export type DatabaseTarget = SqliteTarget | ServerTarget;

/** A `databaseUrl` that cannot be used; the message names the URL (password redacted). */
export class DatabaseUrlError extends Error {
  constructor(url: string, problem: string) {
    super(`Invalid database URL ${redactDatabaseUrl(url)}: ${problem}`);
    this.name = 'DatabaseUrlError';
  }
}

const DEFAULT_PORTS = { mysql: 3306, mariadb: 3306, postgres: 5432 } as const;

// Names end up inside DDL (`CREATE DATABASE`, `CREATE SCHEMA`, `search_path`) where they cannot
// be bound as parameters, so only plain identifiers are accepted.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Replaces the password of a database URL with `***`, so URLs can be logged and put in error
 * messages. Also masks what looks like a password in strings `URL` cannot parse.
 */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/**
 * Parses a service's `databaseUrl`:
 *
 * - `sqlite:<path>` (relative to the working directory), `sqlite:///abs/path`, `sqlite::memory:`
 * - `mysql://user:pass@host:3306/db[?ssl=true]`, `mariadb://...` (same driver, MariaDB dialect)
 * - `postgres://user:pass@host:5432/db[?schema=name&sslmode=require]` (`postgresql://` too)
 *
 * Unknown schemes and parameters are refused rather than ignored, so a typo fails at start.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    // `sqlite:///abs` and `sqlite://rel` are common spellings of a file URL; `sqlite:rel` too.
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new DatabaseUrlError(url, 'no file path after "sqlite:"');
    return { dialect: 'sqlite', file: path === ':memory:' ? path : resolve(path) };
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(
      url,
      'not a URL (expected sqlite:, mysql://, mariadb:// or postgres://)',
    );
  }
  const scheme = parsed.protocol.slice(0, -1);
  const dialect =
    scheme === 'mysql' || scheme === 'mariadb'
      ? scheme
      : scheme === 'postgres' || scheme === 'postgresql'
        ? 'postgres'
        : undefined;
  if (!dialect) {
    throw new DatabaseUrlError(
      url,
      `unsupported scheme "${scheme}:" (use sqlite:, mysql://, mariadb:// or postgres://)`,
    );
  }
  if (!parsed.hostname) throw new DatabaseUrlError(url, 'no host');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new DatabaseUrlError(url, 'no database name in the path');
  if (!IDENTIFIER.test(database)) {
    throw new DatabaseUrlError(url, `database name "${database}" must be letters, digits and _`);
  }
  const username = decodeURIComponent(parsed.username);
  if (!username) throw new DatabaseUrlError(url, 'no user name');

  const target: ServerTarget = {
    dialect,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[dialect],
    username,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    ssl: false,
  };
  for (const [key, value] of parsed.searchParams) {
    if (dialect === 'postgres' && key === 'schema') {
      if (!IDENTIFIER.test(value))
        throw new DatabaseUrlError(url, `schema "${value}" must be letters, digits and _`);
      target.schema = value;
    } else if (dialect === 'postgres' && key === 'sslmode') {
      const modes: Record<string, ServerTarget['ssl']> = {
        disable: false,
        require: 'no-verify',
        'verify-full': true,
      };
      if (!(value in modes))
        throw new DatabaseUrlError(url, `sslmode must be disable, require or verify-full`);
      target.ssl = modes[value];
    } else if (dialect !== 'postgres' && key === 'ssl') {
      if (value !== 'true' && value !== 'false')
        throw new DatabaseUrlError(url, 'ssl must be true or false');
      target.ssl = value === 'true';
    } else {
      throw new DatabaseUrlError(url, `unsupported parameter "${key}"`);
    }
  }
  return target;
}
