import {
  Column,
  type ColumnOptions,
  type TableColumnOptions,
  type ValueTransformer,
} from 'typeorm';

/**
 * Maps a `Date` to epoch milliseconds in a `bigint` column and back. Timestamps are stored this
 * way on every dialect because TypeORM's date columns are not portable: SQLite keeps text,
 * PostgreSQL `timestamp` is read back in the process's local time zone by `pg`, MySQL
 * `DATETIME` drops milliseconds unless given a precision. An integer is exact, UTC by definition,
 * sorts and compares correctly in SQL, and reads back the same `Date` everywhere. The drivers
 * return `bigint` as a number (SQLite) or a string (MySQL, PostgreSQL); both are accepted.
 */
export const epochMillisTransformer: ValueTransformer = {
  to(value: Date | null | undefined): number | null | undefined {
    if (value == null) return value;
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError('Cannot store an invalid Date');
    return ms;
  },
  from(value: number | string | null | undefined): Date | null | undefined {
    return value == null ? value : new Date(Number(value));
  },
};

/**
 * A `Date` property stored as epoch milliseconds (see {@link epochMillisTransformer}); use it
 * instead of `@Column({ type: 'timestamp' })` / `@CreateDateColumn()`. Values come from the
 * injected clock, not the database, so tests can control them.
 *
 * @example
 * ```ts
 * @TimestampColumn({ name: 'published_at' }) publishedAt!: Date;
 * ```
 */
export function TimestampColumn(
  options: Omit<ColumnOptions, 'type' | 'transformer'> = {},
): PropertyDecorator {
  return Column({ ...options, type: 'bigint', transformer: epochMillisTransformer });
}

/**
 * The matching column for a migration's `new Table({ columns: [...] })`: a `bigint` holding
 * epoch milliseconds.
 */
export function timestampTableColumn(
  name: string,
  options: Omit<TableColumnOptions, 'name' | 'type'> = {},
): TableColumnOptions {
  return { ...options, name, type: 'bigint' };
}
