import { basename } from 'node:path';
import { type Attributes, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';

const TRACED = Symbol('newsreel.queryTracing');
/** Longer statements are cut in `db.query.text` (a bulk insert must not fill a span). */
const MAX_QUERY_TEXT = 2048;

/**
 * Makes every query of `dataSource` a CLIENT span (OpenTelemetry database conventions) when it
 * runs inside a recording span: a request, an RPC call, a consumed event. Queries with no such
 * parent (migrations, the outbox relay's polling, readiness probes) get none, so background work
 * does not flood the trace store with one-span traces.
 *
 * Spans are named `<db.operation.name> <db.collection.name>` (`SELECT likes`, `INSERT outbox`,
 * `BEGIN`), with `db.system.name` (`sqlite`, `mysql`, `mariadb`, `postgresql`), `db.namespace`,
 * `server.address` / `server.port` for a server, and `db.query.text`: the statement as TypeORM
 * sends it, parameterised, with any literal a hand-written statement contains replaced by `?`,
 * so no value ever reaches a span. A failed query sets status error and `error.type` (the
 * driver's code, `ER_DUP_ENTRY`).
 *
 * Works by wrapping `driver.createQueryRunner`, through which every TypeORM read, write and
 * transaction goes; nothing is patched globally. Idempotent. Uses `@opentelemetry/api` only: a
 * no-op when the process has no SDK registered.
 */
export function traceQueries(dataSource: DataSource): void {
  const driver = dataSource.driver as DataSource['driver'] & { [TRACED]?: true };
  if (driver[TRACED]) return;
  driver[TRACED] = true;
  const common = databaseAttributes(dataSource.options);
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    traceRunner(runner, common);
    return runner;
  };
}

function traceRunner(runner: QueryRunner, common: Attributes): void {
  // SQLite hands out the same runner every time: wrap it once.
  const traced = runner as QueryRunner & { [TRACED]?: true };
  if (traced[TRACED]) return;
  traced[TRACED] = true;
  const tracer = trace.getTracer('@newsreel/shared-persistence');
  const query = runner.query.bind(runner) as (
    sql: string,
    parameters?: unknown[],
    structured?: boolean,
  ) => Promise<unknown>;
  const wrapped = (sql: string, parameters?: unknown[], structured?: boolean): Promise<unknown> => {
    const parent = trace.getSpan(context.active());
    if (!parent?.isRecording()) return query(sql, parameters, structured);
    const statement = statements.of(sql);
    const attributes: Attributes = { ...common, ...statement.attributes };
    return tracer.startActiveSpan(statement.name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await query(sql, parameters, structured);
      } catch (error) {
        span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };
  runner.query = wrapped as QueryRunner['query'];
}

/** What a span says of a statement: its name and the statement's attributes. */
interface Statement {
  name: string;
  attributes: Attributes;
}

/**
 * Span names and attributes by SQL text, worked out once per distinct statement: TypeORM sends
 * the same few statements over and over, and summarising and sanitising a long SELECT with
 * regular expressions on every traced query is most of what a query span costs. Bounded: when
 * full it starts again (statements built with a varying number of placeholders are many).
 */
class StatementCache {
  private readonly known = new Map<string, Statement>();

  constructor(private readonly capacity: number) {}

  of(sql: string): Statement {
    let statement = this.known.get(sql);
    if (!statement) {
      const { operation, collection } = summarizeSql(sql);
      statement = {
        name: collection ? `${operation} ${collection}` : operation,
        attributes: {
          [ATTR_DB_OPERATION_NAME]: operation,
          [ATTR_DB_QUERY_TEXT]: sanitizeSql(sql),
          ...(collection ? { [ATTR_DB_COLLECTION_NAME]: collection } : {}),
        },
      };
      if (this.known.size >= this.capacity) this.known.clear();
      this.known.set(sql, statement);
    }
    return statement;
  }
}

const statements = new StatementCache(500);

const SYSTEMS: Partial<Record<DataSourceOptions['type'], string>> = {
  'better-sqlite3': 'sqlite',
  sqlite: 'sqlite',
  mysql: 'mysql',
  mariadb: 'mariadb',
  postgres: 'postgresql',
};

function databaseAttributes(options: DataSourceOptions): Attributes {
  const attributes: Attributes = { [ATTR_DB_SYSTEM_NAME]: SYSTEMS[options.type] ?? options.type };
  const server = options as { host?: string; port?: number; database?: unknown; schema?: string };
  if (typeof server.database === 'string') {
    // A SQLite database is a file: its name, not the machine's directory layout.
    const database = SYSTEMS[options.type] === 'sqlite' ? basename(server.database) : server.database;
    attributes[ATTR_DB_NAMESPACE] = server.schema ? `${database}|${server.schema}` : database;
  }
  if (server.host) attributes[ATTR_SERVER_ADDRESS] = server.host;
  if (server.port) attributes[ATTR_SERVER_PORT] = server.port;
  return attributes;
}

const IDENTIFIER = String.raw`(?:[\`"\[]?[\w$]+[\`"\]]?\.)?[\`"\[]?[\w$]+[\`"\]]?`;
const TABLE_AFTER = {
  SELECT: new RegExp(String.raw`\bFROM\s+(${IDENTIFIER})`, 'i'),
  DELETE: new RegExp(String.raw`\bFROM\s+(${IDENTIFIER})`, 'i'),
  INSERT: new RegExp(String.raw`\bINTO\s+(${IDENTIFIER})`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*UPDATE\s+(${IDENTIFIER})`, 'i'),
} as const;

/**
 * The operation (first keyword, upper case) and, for SELECT / INSERT / UPDATE / DELETE, the
 * first table it names, without quotes: `SELECT "l"."id" FROM "likes" "l" ...` ->
 * `{operation: 'SELECT', collection: 'likes'}`.
 */
export function summarizeSql(sql: string): { operation: string; collection?: string } {
  const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  const pattern = TABLE_AFTER[operation as keyof typeof TABLE_AFTER];
  const table = pattern?.exec(sql)?.[1];
  return table ? { operation, collection: table.replace(/[`"[\]]/g, '') } : { operation };
}

/**
 * The statement with every literal replaced by `?`: quoted strings and free-standing numbers
 * (placeholders `$1` / `?` and identifiers such as `t1` stay). TypeORM already sends values as
 * parameters; this covers statements written by hand.
 */
export function sanitizeSql(sql: string): string {
  const text = sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?![\w.])/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_QUERY_TEXT ? `${text.slice(0, MAX_QUERY_TEXT)}...` : text;
}

function errorType(error: unknown): string {
  const driverError = (error as { driverError?: { code?: unknown } } | undefined)?.driverError;
  const code = driverError?.code ?? (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return error instanceof Error ? error.name : 'error';
}
