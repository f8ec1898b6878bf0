import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { type RateLimiter, RateLimitStoreError } from '@newsreel/shared-limits';
import type { Logger } from '@newsreel/shared-logging';
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
    let decision;
    try {
      decision = await this.byIp.consume(ip);
    } catch (error) {
      if (!(error instanceof RateLimitStoreError)) throw error;
      this.logger.error(
        { err: error.message },
        'sign-up limit store unreachable; refusing sign-ups',
      );
      throw new RpcError(RpcStatus.UNAVAILABLE, 'Sign-up is temporarily unavailable');
    }
    if (decision.allowed) return;
    this.metrics.attemptThrottled('signup_ip');
    this.logger.warn({ clientIp: ip, retryAfterMs: decision.resetMs }, 'sign-ups throttled');
    throw RpcError.rateLimited(
      'Too many sign-ups from this address; try again later',
      decision.resetMs,
    );
  }
}
