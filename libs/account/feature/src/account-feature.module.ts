import { Module } from '@nestjs/common';
import {
  AccountDataAccessModule,
  ScryptPasswordHasher,
} from '@newsreel/account-data-access';
import { PASSWORD_HASHER, SESSION_SETTINGS, type SessionSettings } from '@newsreel/account-domain';
import { AccessTokens } from '@newsreel/shared-auth';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { MessagingModule } from '@newsreel/shared-messaging';
import { type OptionalRedis, REDIS_CLIENT, RedisModule } from '@newsreel/shared-redis';
import { CLOCK, systemClock } from '@newsreel/shared-clock';
import { AdminAccountBootstrap } from './admin-account/admin-account.bootstrap';
import { FollowHandler } from './follow/follow.handler';
import { FollowRpcController } from './follow/follow.rpc-controller';
import { GetProfileHandler } from './get-profile/get-profile.handler';
import { GetProfileRpcController } from './get-profile/get-profile.rpc-controller';
import { GetUsersHandler } from './get-users/get-users.handler';
import { GetUsersRpcController } from './get-users/get-users.rpc-controller';
import { type AccountLimiters, createAccountLimiters } from './limits/account-limiters';
import { AccountLimitsMetrics } from './limits/account-limits.metrics';
import { BoundedPasswordHasher } from './limits/bounded-password-hasher';
import { LoginThrottle } from './limits/login-throttle';
import { SignupLimit } from './limits/signup-limit';
import { ListFollowersHandler } from './list-followers/list-followers.handler';
import { ListFollowersRpcController } from './list-followers/list-followers.rpc-controller';
import { ListFollowingHandler } from './list-following/list-following.handler';
import { ListFollowingRpcController } from './list-following/list-following.rpc-controller';
import { LoginHandler } from './login/login.handler';
import { LoginRpcController } from './login/login.rpc-controller';
import { LogoutHandler } from './logout/logout.handler';
import { LogoutRpcController } from './logout/logout.rpc-controller';
import { RefreshHandler } from './refresh/refresh.handler';
import { RefreshRpcController } from './refresh/refresh.rpc-controller';
import { RegisterHandler } from './register/register.handler';
import { RegisterRpcController } from './register/register.rpc-controller';
import { SessionIssuer } from './session/session-issuer';
import { UnfollowHandler } from './unfollow/unfollow.handler';
import { UnfollowRpcController } from './unfollow/unfollow.rpc-controller';

/** DI token of the service's {@link AccountLimiters}. */
const ACCOUNT_LIMITERS = Symbol('ACCOUNT_LIMITERS');

/**
 * Everything the account service does besides `ping`: users, sessions and the follow graph,
 * served over RPC (`AccountContract`). Brings its own database (through `AccountDataAccessModule`, with the
 * account schema); needs `PlatformModule.forService('account', AccountContract)` beside it.
 *
 * Its own defences (login throttling, sign-up limits, bounded password hashing) count in
 * memory, or in Redis when `redis.url` is set so every account instance shares one count.
 */
@Module({
  imports: [
    MessagingModule.forService(), // the outbox (account.followed.v1); no subscriptions
    AccountDataAccessModule,
    RedisModule.forRoot(),
  ],
  controllers: [
    RegisterRpcController,
    LoginRpcController,
    RefreshRpcController,
    LogoutRpcController,
    GetProfileRpcController,
    GetUsersRpcController,
    FollowRpcController,
    UnfollowRpcController,
    ListFollowingRpcController,
    ListFollowersRpcController,
  ],
  providers: [
    RegisterHandler,
    LoginHandler,
    RefreshHandler,
    LogoutHandler,
    GetProfileHandler,
    GetUsersHandler,
    FollowHandler,
    UnfollowHandler,
    ListFollowingHandler,
    ListFollowersHandler,
    SessionIssuer,
    AdminAccountBootstrap,
    {
      provide: AccessTokens,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) => new AccessTokens(config.auth),
    },
    {
      provide: SESSION_SETTINGS,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig): SessionSettings => ({
        refreshTokenTtlSec: config.auth.refreshTokenTtlSec,
      }),
    },
    AccountLimitsMetrics,
    {
      provide: PASSWORD_HASHER,
      inject: [PLATFORM_CONFIG, AccountLimitsMetrics],
      useFactory: (config: PlatformConfig, metrics: AccountLimitsMetrics) =>
        new BoundedPasswordHasher(
          new ScryptPasswordHasher(),
          () => config.auth.passwordHashing,
          metrics,
        ),
    },
    {
      provide: ACCOUNT_LIMITERS,
      inject: [PLATFORM_CONFIG, REDIS_CLIENT],
      useFactory: (config: PlatformConfig, redis: OptionalRedis) =>
        createAccountLimiters(config.auth, redis),
    },
    {
      provide: LoginThrottle,
      inject: [ACCOUNT_LIMITERS, AccountLimitsMetrics, LOGGER],
      useFactory: (limiters: AccountLimiters, metrics: AccountLimitsMetrics, logger: Logger) =>
        new LoginThrottle(
          limiters.loginFailuresByUsername,
          limiters.loginFailuresByIp,
          metrics,
          logger,
        ),
    },
    {
      provide: SignupLimit,
      inject: [ACCOUNT_LIMITERS, AccountLimitsMetrics, LOGGER],
      useFactory: (limiters: AccountLimiters, metrics: AccountLimitsMetrics, logger: Logger) =>
        new SignupLimit(limiters.signupsByIp, metrics, logger),
    },
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class AccountFeatureModule {}
