import { Injectable, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import { Counter, Registry } from 'prom-client';

/** Which of the account's own limits refused an attempt (the `limit` label). */
export type AccountLimit = 'login_username' | 'login_ip' | 'login_concurrent' | 'signup_ip';

/**
 * Prometheus series of the account's defences, in the process's registry (a private one in
 * unit tests):
 * - `password_hashes_total{operation}`: scrypt runs started (`hash` at sign-up, `verify` at
 *   login). A throttled login does not move it: that is how a test sees no hash was computed.
 * - `password_hash_rejections_total{reason}`: hashes refused by the bulkhead (`queue_full`,
 *   `wait_timeout`), answered 503;
 * - `auth_throttled_total{limit}`: attempts refused by a rate limit, answered 429.
 */
@Injectable()
export class AccountLimitsMetrics {
  readonly registry: Registry;
  private readonly hashes: Counter<'operation'>;
  private readonly hashRejections: Counter<'reason'>;
  private readonly throttled: Counter<'limit'>;

  constructor(@Optional() metrics?: MetricsRegistry) {
    this.registry = metrics?.registry ?? new Registry();
    const registers = [this.registry];
    this.hashes = new Counter({
      name: 'password_hashes_total',
      help: 'Password hashes computed (scrypt runs started), by operation.',
      labelNames: ['operation'],
      registers,
    });
    this.hashRejections = new Counter({
      name: 'password_hash_rejections_total',
      help: 'Password hashes refused because every slot was busy (answered 503), by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.throttled = new Counter({
      name: 'auth_throttled_total',
      help: 'Login and sign-up attempts refused by a rate limit (answered 429), by limit.',
      labelNames: ['limit'],
      registers,
    });
  }

  hashStarted(operation: 'hash' | 'verify'): void {
    this.hashes.inc({ operation });
  }

  hashRejected(reason: string): void {
    this.hashRejections.inc({ reason });
  }

  attemptThrottled(limit: AccountLimit): void {
    this.throttled.inc({ limit });
  }
}
