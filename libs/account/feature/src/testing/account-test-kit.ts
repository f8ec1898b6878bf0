import { FakeClock } from '@newsreel/shared-clock/testing';
import type { Logger } from '@newsreel/shared-logging';
import { AccessTokens } from '@newsreel/shared-auth';
import type { RateLimitRule } from '@newsreel/shared-limits';
import { FollowHandler } from '../follow/follow.handler';
import { GetProfileHandler } from '../get-profile/get-profile.handler';
import { GetUsersHandler } from '../get-users/get-users.handler';
import { ListFollowingHandler } from '../list-following/list-following.handler';
import { createAccountLimiters } from '../limits/account-limiters';
import { AccountLimitsMetrics } from '../limits/account-limits.metrics';
import { LoginThrottle } from '../limits/login-throttle';
import { SignupLimit } from '../limits/signup-limit';
import { LoginHandler } from '../login/login.handler';
import { LogoutHandler } from '../logout/logout.handler';
import { RefreshHandler } from '../refresh/refresh.handler';
import { RegisterHandler } from '../register/register.handler';
import { SessionIssuer } from '../session/session-issuer';
import { UnfollowHandler } from '../unfollow/unfollow.handler';
import { FakePasswordHasher } from '@newsreel/account-domain/testing';
import { InMemoryFollowRepository } from '@newsreel/account-domain/testing';
import { InMemoryRefreshTokenRepository } from '@newsreel/account-domain/testing';
import { InMemoryUserRepository } from '@newsreel/account-domain/testing';

/** Settings the kit's sessions use. */
export const TEST_AUTH = {
  jwtSecret: 'account-feature-test-secret-long-enough-0000',
  issuer: 'newsreel-account',
  audience: 'newsreel-api',
  accessTokenTtlSec: 900,
  refreshTokenTtlSec: 3600,
};

/** The kit's limits: the production defaults, changeable by a test while it runs. */
export interface TestLimits {
  loginFailuresPerUsername: RateLimitRule;
  loginFailuresPerIp: RateLimitRule;
  signupsPerIp: RateLimitRule;
}

/** A logger that records what it was asked to warn about (and prints nothing). */
export function recordingLogger(): Logger & { warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  return {
    warnings,
    warn: (...args: unknown[]) => warnings.push(args),
    error: (...args: unknown[]) => warnings.push(args),
  } as unknown as Logger & {
    warnings: unknown[][];
  };
}

/**
 * Every account use case wired to in-memory fakes of its ports, a hand-moved clock, a fast fake
 * password hasher and real access tokens (signing is cheap). One kit per test.
 */
export function createAccountTestKit() {
  const users = new InMemoryUserRepository();
  const refreshTokens = new InMemoryRefreshTokenRepository();
  const follows = new InMemoryFollowRepository();
  const hasher = new FakePasswordHasher();
  const clock = new FakeClock(new Date('2026-01-01T00:00:00.000Z'));
  const logger = recordingLogger();
  const accessTokens = new AccessTokens(TEST_AUTH);
  const sessions = new SessionIssuer(accessTokens, refreshTokens, clock, TEST_AUTH);
  const limits: TestLimits = {
    loginFailuresPerUsername: { points: 5, windowSec: 300 },
    loginFailuresPerIp: { points: 20, windowSec: 300 },
    signupsPerIp: { points: 1000, windowSec: 3600 },
  };
  const metrics = new AccountLimitsMetrics();
  // The production wiring, reading the kit's limits (a test may change them while it runs).
  const limiters = createAccountLimiters(limits, undefined);
  const throttle = new LoginThrottle(
    limiters.loginFailuresByUsername,
    limiters.loginFailuresByIp,
    metrics,
    logger,
  );
  const signups = new SignupLimit(limiters.signupsByIp, metrics, logger);
  return {
    users,
    refreshTokens,
    follows,
    hasher,
    clock,
    logger,
    accessTokens,
    limits,
    metrics,
    register: new RegisterHandler(users, hasher, clock, sessions, signups, throttle),
    login: new LoginHandler(users, hasher, sessions, throttle),
    refresh: new RefreshHandler(refreshTokens, users, clock, sessions, logger),
    logout: new LogoutHandler(refreshTokens, clock),
    getProfile: new GetProfileHandler(users, follows),
    getUsers: new GetUsersHandler(users),
    follow: new FollowHandler(users, follows, clock),
    unfollow: new UnfollowHandler(users, follows),
    listFollowing: new ListFollowingHandler(follows),
  };
}
