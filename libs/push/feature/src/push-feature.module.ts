import { Module } from '@nestjs/common';
import { AccountContract, AccountFollowed } from '@newsreel/account-contracts';
import { CommentCreated } from '@newsreel/comment-contracts';
import { LikeCreated } from '@newsreel/like-contracts';
import { PushDataAccessModule } from '@newsreel/push-data-access';
import { NOTIFICATION_REPOSITORY } from '@newsreel/push-domain';
import { MessagingModule } from '@newsreel/shared-messaging';
import { RpcClientsModule } from '@newsreel/shared-rpc';
import { VideoPublished } from '@newsreel/video-contracts';
import { CLOCK, systemClock } from '@newsreel/shared-clock';
import { ListNotificationsHandler } from './list-notifications/list-notifications.handler';
import { ListNotificationsRpcController } from './list-notifications/list-notifications.rpc-controller';
import { MarkReadHandler } from './mark-read/mark-read.handler';
import { MarkReadRpcController } from './mark-read/mark-read.rpc-controller';
import { NotifyOnCommentHandler } from './notify-on-comment/notify-on-comment.handler';
import { NotifyOnFollowHandler } from './notify-on-follow/notify-on-follow.handler';
import { NotifyOnLikeHandler } from './notify-on-like/notify-on-like.handler';
import { NotifyOnVideoHandler } from './notify-on-video/notify-on-video.handler';
import { Notifier } from './shared/notifier';

/**
 * Everything the push service does besides `ping`: inboxes filled from other contexts' events
 * (with the inbox/outbox tables of the messaging lib in push's own database) and served over
 * RPC (`PushContract`). Needs `PlatformModule.forService('push', PushContract)` beside it.
 */
@Module({
  imports: [
    PushDataAccessModule,
    MessagingModule.forService({
      subscriptions: [
        { event: LikeCreated, handler: NotifyOnLikeHandler },
        { event: CommentCreated, handler: NotifyOnCommentHandler },
        { event: AccountFollowed, handler: NotifyOnFollowHandler },
        { event: VideoPublished, handler: NotifyOnVideoHandler },
      ],
      // Handlers write notifications in the inbox row's transaction.
      unitOfWork: NOTIFICATION_REPOSITORY,
    }),
    // Followers of a video's author, for the fan-out.
    RpcClientsModule.register([AccountContract]),
  ],
  controllers: [ListNotificationsRpcController, MarkReadRpcController],
  providers: [
    Notifier,
    NotifyOnLikeHandler,
    NotifyOnCommentHandler,
    NotifyOnFollowHandler,
    NotifyOnVideoHandler,
    ListNotificationsHandler,
    MarkReadHandler,
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class PushFeatureModule {}
