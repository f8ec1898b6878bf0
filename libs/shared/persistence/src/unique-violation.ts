/**
 * True when `error` (a TypeORM `QueryFailedError`, or the driver's own error) is a violated
 * unique index or primary key, on any supported dialect: SQLite `SQLITE_CONSTRAINT_UNIQUE` /
 * `SQLITE_CONSTRAINT_PRIMARYKEY`, MySQL/MariaDB `ER_DUP_ENTRY` (1062), PostgreSQL `23505`.
 * Repositories use it to turn "already taken" into a domain error (and then a 409) instead of
 * checking first, which would race.
 */
export function isUniqueViolation(error: unknown): boolean {
  // TypeORM wraps the driver error as `driverError`; other layers may wrap it as `cause`.
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, errno } = current as { code?: unknown; errno?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (code === 'ER_DUP_ENTRY' || errno === 1062) return true;
    if (code === '23505') return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}
