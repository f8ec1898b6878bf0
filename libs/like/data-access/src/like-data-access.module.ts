import { Module } from '@nestjs/common';
import { LIKE_COUNT_CACHE, LIKE_REPOSITORY, type LikeCountCache } from '@newsreel/like-domain';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { withMessagingTables } from '@newsreel/shared-messaging';
import { PersistenceModule, type PersistenceParts } from '@newsreel/shared-persistence';
import { type OptionalRedis, REDIS_CLIENT, RedisModule } from '@newsreel/shared-redis';
import { LikeCountRecord } from './like-count.record';
import { LikeRecord } from './like.record';
import { MemoryLikeCountCache } from './memory-like-count.cache';
import { CreateLikeTables1767400000000 } from './migrations/1767400000000-create-like-tables.migration';
import { RedisLikeCountCache } from './redis-like-count.cache';
import { TypeOrmLikeRepository } from './typeorm-like.repository';

/** The like database's schema: `likes` and `like_counts` plus the outbox and inbox. */
export const LIKE_PERSISTENCE: PersistenceParts = withMessagingTables({
  entities: [LikeRecord, LikeCountRecord],
  migrations: [CreateLikeTables1767400000000],
});

/**
 * The like database (its own, per service), `LIKE_REPOSITORY` bound to
 * {@link TypeOrmLikeRepository}, and `LIKE_COUNT_CACHE` bound to Redis when `redis.url` is
 * configured (the shared client), process memory otherwise. Needs the `TypeOrmUnitOfWork` of
 * `MessagingModule.forService(...)` beside it.
 */
@Module({
  imports: [PersistenceModule.forService(LIKE_PERSISTENCE), RedisModule.forRoot()],
  providers: [
    { provide: LIKE_REPOSITORY, useClass: TypeOrmLikeRepository },
    {
      provide: LIKE_COUNT_CACHE,
      inject: [REDIS_CLIENT, LOGGER],
      useFactory: (redis: OptionalRedis, logger: Logger): LikeCountCache =>
        redis
          ? new RedisLikeCountCache(redis, { logger: logger.child({ component: 'like-counts' }) })
          : new MemoryLikeCountCache(),
    },
  ],
  exports: [LIKE_REPOSITORY, LIKE_COUNT_CACHE],
})
export class LikeDataAccessModule {}
