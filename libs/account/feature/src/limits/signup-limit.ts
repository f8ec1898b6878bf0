import { RpcError } from '@newsreel/shared-contracts';
import type { RateLimiter } from '@newsreel/shared-limits';
import type { Logger } from '@newsreel/shared-logging';
import { refuseWhenStoreDown } from './account-limiters';
import type { AccountLimitsMetrics } from './account-limits.metrics';
import { UNKNOWN_CLIENT } from './login-throttle';

/**
 * Sign-ups per client address (`auth.signupsPerIp`): every attempt counts, taken names included,
 * so a script can neither mint accounts nor probe names in bulk. Over the rule: 429 with
 * `Retry-After`, before any hashing.
 */
export class SignupLimit {
  constructor(
    private readonly byIp: RateLimiter,
    private readonly metrics: AccountLimitsMetrics,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  async admit(clientIp: string | undefined): Promise<void> {
    const ip = clientIp ?? UNKNOWN_CLIENT;
    const decision = await refuseWhenStoreDown(() => this.byIp.consume(ip), 'Sign-up', this.logger);
    if (decision.allowed) return;
    this.metrics.attemptThrottled('signup_ip');
    this.logger.warn({ clientIp: ip, retryAfterMs: decision.resetMs }, 'sign-ups throttled');
    throw RpcError.rateLimited(
      'Too many sign-ups from this address; try again later',
      decision.resetMs,
    );
  }
}
