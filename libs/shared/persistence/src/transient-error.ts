/**
 * True when a transaction failed only because of concurrency and running it again may succeed:
 * a deadlock or lock-wait timeout (MySQL/MariaDB 1213, 1205) or a deadlock / serialization
 * failure (PostgreSQL 40P01, 40001). TypeORM wraps the driver's error in `driverError`.
 */
export function isTransientTransactionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const { code, errno, driverError, cause } = e as {
      code?: unknown;
      errno?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (
      code === 'ER_LOCK_DEADLOCK' ||
      code === 'ER_LOCK_WAIT_TIMEOUT' ||
      errno === 1213 ||
      errno === 1205
    )
      return true;
    if (code === '40P01' || code === '40001') return true;
    e = driverError ?? cause;
  }
  return false;
}
