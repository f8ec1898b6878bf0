import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { PlatformConfig } from '@newsreel/shared-config';
import { type RateLimiter, RateLimitStoreError, createRateLimiter } from '@newsreel/shared-limits';
import type { Logger } from '@newsreel/shared-logging';
import type { Redis } from 'ioredis';

/** The account service's rate limiters, one per `auth.*` rule (hot: read at every call). */
export interface AccountLimiters {
  loginFailuresByUsername: RateLimiter;
  loginFailuresByIp: RateLimiter;
  signupsByIp: RateLimiter;
}

/** Builds {@link AccountLimiters}: in memory, or in Redis (shared by every instance). */
export function createAccountLimiters(
  auth: Pick<
    PlatformConfig['auth'],
    'loginFailuresPerUsername' | 'loginFailuresPerIp' | 'signupsPerIp'
  >,
  redis: Redis | undefined,
): AccountLimiters {
  return {
    loginFailuresByUsername: createRateLimiter({
      name: 'login-failures-by-username',
      rule: () => auth.loginFailuresPerUsername,
      redis,
    }),
    loginFailuresByIp: createRateLimiter({
      name: 'login-failures-by-ip',
      rule: () => auth.loginFailuresPerIp,
      redis,
    }),
    signupsByIp: createRateLimiter({ name: 'signups-by-ip', rule: () => auth.signupsPerIp, redis }),
  };
}

/**
 * Runs limiter work; a limiter whose store (Redis) is down refuses the operation rather than let
 * it through uncounted: `UNAVAILABLE` ("<what> is temporarily unavailable"), logged with the cause.
 */
export async function refuseWhenStoreDown<T>(
  work: () => Promise<T>,
  what: 'Login' | 'Sign-up',
  logger: Pick<Logger, 'error'>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RateLimitStoreError)) throw error;
    logger.error({ err: error.message }, `${what} limit store unreachable; refusing`);
    throw new RpcError(RpcStatus.UNAVAILABLE, `${what} is temporarily unavailable`);
  }
}
