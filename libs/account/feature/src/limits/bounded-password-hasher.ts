import type { PasswordHasher } from '@newsreel/account-domain';
import { RpcError } from '@newsreel/shared-contracts';
import { Bulkhead, BulkheadRejectedError, type BulkheadLimits } from '@newsreel/shared-limits';
import type { AccountLimitsMetrics } from './account-limits.metrics';

/**
 * A {@link PasswordHasher} that runs at most `maxConcurrent` hashes at once, with a short queue.
 * scrypt at the OWASP parameters takes 128 MiB a hash; without a cap a login flood runs one per
 * libuv thread, multiplies memory and queues every other login behind it until the deadline.
 * Over the queue, or after `maxWaitMs` in it, the call fails at once with `RESOURCE_EXHAUSTED`
 * (server scope: the gateway answers 503 with `Retry-After`). The parameters stay the OWASP ones.
 */
export class BoundedPasswordHasher implements PasswordHasher {
  private readonly bulkhead: Bulkhead;

  constructor(
    private readonly inner: PasswordHasher,
    limits: () => BulkheadLimits,
    private readonly metrics: AccountLimitsMetrics,
  ) {
    this.bulkhead = new Bulkhead('password hashing', limits);
  }

  hash(password: string): Promise<string> {
    return this.bounded('hash', () => this.inner.hash(password));
  }

  verify(password: string, stored: string | undefined): Promise<boolean> {
    return this.bounded('verify', () => this.inner.verify(password, stored));
  }

  /** Hashes running and waiting now (for tests and logs). */
  stats() {
    return this.bulkhead.stats();
  }

  private async bounded<T>(operation: 'hash' | 'verify', work: () => Promise<T>): Promise<T> {
    try {
      return await this.bulkhead.run(() => {
        this.metrics.hashStarted(operation);
        return work();
      });
    } catch (error) {
      if (!(error instanceof BulkheadRejectedError)) throw error;
      this.metrics.hashRejected(error.reason);
      throw RpcError.overloaded(
        'Too many sign-ins in progress; try again in a moment',
        error.retryAfterMs,
      );
    }
  }
}
