import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountContract } from '@newsreel/account-contracts';
import { CommentContract } from '@newsreel/comment-contracts';
import { LikeContract } from '@newsreel/like-contracts';
import { PushContract } from '@newsreel/push-contracts';
import { AccessTokens } from '@newsreel/shared-auth';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { RpcClientsModule } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { MessagingModule } from '@newsreel/shared-messaging';
import { type OptionalRedis, REDIS_CLIENT, RedisModule } from '@newsreel/shared-redis';
import { ConfigHttpController } from './admin/config.http-controller';
import { RegistryHttpController } from './admin/registry.http-controller';
import { TracesReceiver } from './admin/traces-receiver';
import { TracesHttpController } from './admin/traces.http-controller';
import { AccessTokenVerifier, AdminGuard, AuthGuard, OptionalAuthGuard } from './auth/auth.guard';
import { LoginRefusals } from './auth/login-refusals';
import { SessionRevocations } from './auth/session-revocations';
import { AuthHttpController } from './auth/auth.http-controller';
import { CommentsHttpController } from './comments/comments.http-controller';
import { FeedHttpController } from './feed/feed.http-controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { MemoryIdempotencyStore, RedisIdempotencyStore } from './idempotency/idempotency.store';
import { LiveFeedDefaults } from './http/params';
import { NotificationHub } from './notifications/notification-hub';
import { NotificationsHttpController } from './notifications/notifications.http-controller';
import { UserDirectory } from './users/user-directory';
import { UsersHttpController } from './users/users.http-controller';
import { VideoViews } from './videos/video-views';
import { VideosHttpController } from './videos/videos.http-controller';

/**
 * The public HTTP API (`/api/v1`): validation at the edge, authentication, composition of
 * service replies, and one error shape. Every upstream is an RPC client whose `ping` is also a
 * readiness check.
 */
@Module({
  imports: [
    RpcClientsModule.register(
      [AccountContract, VideoContract, CommentContract, LikeContract, PushContract],
      {
        readiness: true,
      },
    ),
    MessagingModule.forStreams(),
    RedisModule.forRoot(),
  ],
  controllers: [
    AuthHttpController,
    UsersHttpController,
    VideosHttpController,
    FeedHttpController,
    CommentsHttpController,
    NotificationsHttpController,
    TracesHttpController,
    ConfigHttpController,
    RegistryHttpController,
  ],
  providers: [
    {
      provide: AccessTokens,
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) => new AccessTokens(config.auth),
    },
    SessionRevocations,
    LoginRefusals,
    AccessTokenVerifier,
    AuthGuard,
    OptionalAuthGuard,
    AdminGuard,
    UserDirectory,
    VideoViews,
    NotificationHub,
    TracesReceiver,
    LiveFeedDefaults,
    // Idempotency-Key outcomes: in memory, or in Redis (shared by every gateway) when configured.
    {
      provide: IDEMPOTENCY_STORE,
      inject: [REDIS_CLIENT],
      useFactory: (redis: OptionalRedis) =>
        redis ? new RedisIdempotencyStore(redis) : new MemoryIdempotencyStore(),
    },
    IdempotencyInterceptor,
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class GatewayFeatureModule {}
