import { Injectable } from '@nestjs/common';
import { ContextSlot } from '@newsreel/shared-async-context';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { isTransientTransactionError } from './transient-error';

/** Attempts of one transaction that keeps losing deadlocks before the error is given up on. */
const MAX_ATTEMPTS = 4;

/** One open transaction: its manager and what runs once it commits. */
interface OpenScope {
  manager: EntityManager;
  afterCommit: Array<() => unknown>;
}

/**
 * Runs work that must write atomically (a row and its outbox event, a user and their profile):
 * everything done through the given `EntityManager` commits together, or not at all when `work`
 * throws (the error is rethrown).
 *
 * - MySQL/MariaDB and PostgreSQL use `READ COMMITTED`, so both dialects behave alike (MySQL's
 *   default `REPEATABLE READ` takes gap locks PostgreSQL does not).
 * - SQLite has one connection per process, and TypeORM would turn a second concurrent
 *   transaction into a savepoint inside the first; transactions are therefore queued here, one
 *   at a time. (SQLite is serializable by construction.)
 * - A `run` inside a `run` joins the outer transaction instead of waiting for it.
 * - On MySQL/MariaDB and PostgreSQL a transaction that loses a deadlock or a serialization
 *   conflict (concurrent likes creating one counter row, say) is run again, up to 4 times with a
 *   short random pause: the database rolled it back whole, so `work` starts from scratch. `work`
 *   must therefore do nothing but database writes through `manager` (no calls to elsewhere).
 */
@Injectable()
export class TransactionRunner {
  /** The transaction open in the current async context (per runner: one per database). */
  private readonly current = new ContextSlot<OpenScope>('persistence.transaction');
  /** Told when an after-commit hook fails (the platform logs it); silent by default. */
  onHookError: (error: unknown) => void = () => undefined;
  /** Tail of the SQLite queue; each transaction starts when the previous one settled. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction and returns its result. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const outer = this.current.get();
    if (outer) return work(outer.manager);
    if (this.dataSource.options.type !== 'better-sqlite3') {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.afterwards(await this.transaction(work, 'READ COMMITTED'));
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isTransientTransactionError(error)) throw error;
          await sleep(5 + Math.random() * 20 * attempt);
        }
      }
    }
    const committed = this.queue.then(() => this.transaction(work));
    // The queue moves on once the transaction settled, not after its hooks too.
    this.queue = committed.catch(() => undefined);
    return this.afterwards(await committed);
  }

  /**
   * Runs `hook` after the transaction open in this async context commits (never after a
   * rollback, nor after an attempt that is retried). Throws when no transaction is open.
   */
  afterCommit(hook: () => unknown): void {
    const scope = this.current.get();
    if (!scope) throw new Error('afterCommit() called outside a transaction');
    scope.afterCommit.push(hook);
  }

  /** One attempt at a transaction; resolves with its result and its after-commit hooks. */
  private async transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    isolation?: 'READ COMMITTED',
  ): Promise<{ result: T; hooks: Array<() => unknown> }> {
    const hooks: Array<() => unknown> = [];
    const body = (manager: EntityManager) =>
      this.current.run({ manager, afterCommit: hooks }, () => work(manager));
    const result = isolation
      ? await this.dataSource.transaction(isolation, body)
      : await this.dataSource.transaction(body);
    return { result, hooks };
  }

  /** Runs the hooks of a committed transaction, in order; a failing one is reported. */
  private async afterwards<T>({
    result,
    hooks,
  }: {
    result: T;
    hooks: Array<() => unknown>;
  }): Promise<T> {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        this.onHookError(error);
      }
    }
    return result;
  }
}
