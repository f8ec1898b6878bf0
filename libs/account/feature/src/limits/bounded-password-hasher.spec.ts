import type { PasswordHasher } from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { AccountLimitsMetrics } from './account-limits.metrics';
import { BoundedPasswordHasher } from './bounded-password-hasher';

/** A hasher whose calls finish when the test releases them; counts how many run at once. */
class HeldHasher implements PasswordHasher {
  running = 0;
  peak = 0;
  private readonly releases: (() => void)[] = [];

  hash(): Promise<string> {
    return this.hold('hash');
  }
  verify(): Promise<boolean> {
    return this.hold(true);
  }
  releaseAll(): void {
    for (const release of this.releases.splice(0)) release();
  }
  private hold<T>(value: T): Promise<T> {
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    return new Promise<T>((resolve) =>
      this.releases.push(() => {
        this.running -= 1;
        resolve(value);
      }),
    );
  }
}

describe('BoundedPasswordHasher', () => {
  it('runs at most maxConcurrent hashes; overflow fails at once with a server-scope RESOURCE_EXHAUSTED', async () => {
    const inner = new HeldHasher();
    const metrics = new AccountLimitsMetrics();
    const hasher = new BoundedPasswordHasher(
      inner,
      () => ({ maxConcurrent: 2, maxQueued: 2, maxWaitMs: 5000 }),
      metrics,
    );
    const admitted = [1, 2, 3, 4].map(() => hasher.verify('pw', undefined));
    const refused = await hasher.verify('pw', undefined).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    expect((refused as RpcError).retry).toEqual({ retryAfterSec: 5, scope: 'server' });
    expect(inner.running).toBe(2);

    // Release until everything admitted has run: never more than two at once.
    while (hasher.stats().active > 0) {
      inner.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect(Promise.all(admitted)).resolves.toEqual([true, true, true, true]);
    expect(inner.peak).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('password_hashes_total{operation="verify"} 4');
    expect(text).toContain('password_hash_rejections_total{reason="queue_full"} 1');
  });
});
