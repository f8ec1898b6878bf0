/** Sizes of a {@link Bulkhead}. */
export interface BulkheadLimits {
  /** Work items running at once. */
  maxConcurrent: number;
  /** Items waiting for a slot; one more is refused at once. */
  maxQueued: number;
  /** Longest an item may wait for a slot before it is refused. */
  maxWaitMs: number;
}

/** Why a {@link Bulkhead} refused work. */
export type BulkheadRejection = 'queue_full' | 'wait_timeout';

/** Thrown by {@link Bulkhead.run} for work it did not start. */
export class BulkheadRejectedError extends Error {
  constructor(
    readonly bulkhead: string,
    readonly reason: BulkheadRejection,
    /** A fair guess of when a slot frees up: the wait bound. */
    readonly retryAfterMs: number,
  ) {
    super(
      reason === 'queue_full'
        ? `${bulkhead}: all slots busy and the queue is full`
        : `${bulkhead}: no slot became free in time`,
    );
    this.name = 'BulkheadRejectedError';
  }
}

/** Live counts of a {@link Bulkhead}. */
export interface BulkheadStats {
  active: number;
  queued: number;
  /** Work started since creation. */
  admitted: number;
  rejected: Record<BulkheadRejection, number>;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Caps concurrent work, with a short bounded queue: what is over the cap waits at most
 * `maxWaitMs`, what is over the queue is refused at once. So expensive work (a 128 MiB scrypt
 * hash) cannot pile up behind a flood: memory stays at `maxConcurrent` items and a caller learns
 * within `maxWaitMs` that it must come back later, instead of waiting for a deadline.
 *
 * Limits are read at each admission (hot configuration). Queued items start in arrival order.
 */
export class Bulkhead {
  private active = 0;
  private admitted = 0;
  private readonly queue: Waiter[] = [];
  private readonly rejected: Record<BulkheadRejection, number> = { queue_full: 0, wait_timeout: 0 };

  constructor(
    readonly name: string,
    private readonly limits: () => BulkheadLimits,
  ) {}

  /** Runs `work` when a slot is free; throws {@link BulkheadRejectedError} if none comes in time. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  stats(): BulkheadStats {
    return {
      active: this.active,
      queued: this.queue.length,
      admitted: this.admitted,
      rejected: { ...this.rejected },
    };
  }

  private acquire(): Promise<void> {
    const { maxConcurrent, maxQueued, maxWaitMs } = this.limits();
    if (this.active < maxConcurrent && this.queue.length === 0) {
      this.active += 1;
      this.admitted += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= maxQueued) return Promise.reject(this.reject('queue_full', maxWaitMs));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          this.active += 1;
          this.admitted += 1;
          resolve();
        },
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(this.reject('wait_timeout', maxWaitMs));
        }, maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private release(): void {
    this.active -= 1;
    // A lowered cap takes effect here: nothing more starts until the count is below it.
    while (this.queue.length > 0 && this.active < this.limits().maxConcurrent) {
      this.queue.shift()!.start();
    }
  }

  private reject(reason: BulkheadRejection, retryAfterMs: number): BulkheadRejectedError {
    this.rejected[reason] += 1;
    return new BulkheadRejectedError(this.name, reason, retryAfterMs);
  }
}
