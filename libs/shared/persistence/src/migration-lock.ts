import { open, readFile, stat, unlink } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import type { DatabaseTarget } from './database-url';

/** How long an instance waits for another one's migrations before giving up. */
const LOCK_WAIT_MS = 60_000;
/** Name (MySQL/MariaDB) and key (PostgreSQL) of the lock; one for every Newsreel service. */
const LOCK_NAME = 'newsreel_migrations';
const PG_LOCK_KEY = 7_212_024_101;

/**
 * Runs `migrate` while holding a lock that every instance of the service takes first, so two
 * instances starting at once (`npm start -- --scale video=2`, compose replicas) cannot both run
 * the same migration: the second waits, then finds nothing pending. TypeORM reads the list of
 * applied migrations before its own transaction starts, so a transaction alone does not stop
 * the race. MySQL/MariaDB use `GET_LOCK`, PostgreSQL an advisory lock (both session locks held
 * by one dedicated connection); SQLite, a lock file beside the database.
 */
export async function withMigrationLock<T>(
  dataSource: DataSource,
  target: DatabaseTarget,
  migrate: () => Promise<T>,
): Promise<T> {
  if (target.dialect === 'sqlite') {
    if (target.file === ':memory:') return migrate();
    return withLockFile(`${target.file}.migrate.lock`, migrate);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (target.dialect === 'postgres') {
      await runner.query(`SELECT pg_advisory_lock(${PG_LOCK_KEY})`);
    } else {
      const rows = (await runner.query('SELECT GET_LOCK(?, ?) AS locked', [
        LOCK_NAME,
        LOCK_WAIT_MS / 1000,
      ])) as Array<{ locked: number | string | null }>;
      if (Number(rows[0]?.locked) !== 1) {
        throw new Error(`Timed out after ${LOCK_WAIT_MS} ms waiting for the migration lock`);
      }
    }
    try {
      return await migrate();
    } finally {
      await runner
        .query(
          target.dialect === 'postgres'
            ? `SELECT pg_advisory_unlock(${PG_LOCK_KEY})`
            : `SELECT RELEASE_LOCK('${LOCK_NAME}')`,
        )
        .catch(() => undefined); // the session lock also ends with the connection below
    }
  } finally {
    await runner.release();
  }
}

async function withLockFile<T>(file: string, migrate: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(file)) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${LOCK_WAIT_MS} ms waiting for the migration lock ${file}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await migrate();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

/** A lock file left by a process that died (kill -9 mid-migration) or that is implausibly old. */
async function isStale(file: string): Promise<boolean> {
  try {
    const [pidText, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    if (Date.now() - info.mtimeMs > LOCK_WAIT_MS) return true;
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - info.mtimeMs > 1000;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}
