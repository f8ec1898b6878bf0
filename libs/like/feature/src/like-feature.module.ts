import { Module } from '@nestjs/common';
import { LikeDataAccessModule } from '@newsreel/like-data-access';
import { MessagingModule } from '@newsreel/shared-messaging';
import { CLOCK, systemClock } from '@newsreel/shared-clock';
import { LikeVideoHandler } from './like-video/like-video.handler';
import { LikeVideoRpcController } from './like-video/like-video.rpc-controller';
import { LikedByHandler } from './liked-by/liked-by.handler';
import { LikedByRpcController } from './liked-by/liked-by.rpc-controller';
import { LikeCounts } from './shared/like-counts';
import { UnlikeVideoHandler } from './unlike-video/unlike-video.handler';
import { UnlikeVideoRpcController } from './unlike-video/unlike-video.rpc-controller';

/**
 * Everything the like service does besides `ping`: likes, exact counters and their events,
 * served over RPC (`LikeContract`). Brings its database (the like tables plus the outbox and
 * inbox), the outbox relay to Kafka (it consumes nothing yet) and the shared Redis client for
 * the count copies; needs `PlatformModule.forService('like', LikeContract)` beside it.
 */
@Module({
  imports: [
    MessagingModule.forService({ subscriptions: [] }),
    LikeDataAccessModule,
  ],
  controllers: [LikeVideoRpcController, UnlikeVideoRpcController, LikedByRpcController],
  providers: [
    LikeVideoHandler,
    UnlikeVideoHandler,
    LikedByHandler,
    LikeCounts,
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class LikeFeatureModule {}
