import { Module } from '@nestjs/common';
import { CacheModule } from '@newsreel/shared-cache';
import { MessagingModule } from '@newsreel/shared-messaging';
import { VideoDataAccessModule } from '@newsreel/video-data-access';
import { VIDEO_REPOSITORY } from '@newsreel/video-domain';
import { CLOCK, systemClock } from '@newsreel/shared-clock';
import { CountByAuthorRpcController } from './count-by-author/count-by-author.rpc-controller';
import {
  COUNT_SUBSCRIPTIONS,
  CountCommentCreatedHandler,
  CountCommentDeletedHandler,
  CountLikeCreatedHandler,
  CountLikeRemovedHandler,
} from './count-interactions/count-interactions.handlers';
import { DeleteVideoHandler } from './delete-video/delete-video.handler';
import { DeleteVideoRpcController } from './delete-video/delete-video.rpc-controller';
import { GetVideoHandler } from './get-video/get-video.handler';
import { GetVideoRpcController } from './get-video/get-video.rpc-controller';
import { ListFeedHandler } from './list-feed/list-feed.handler';
import { ListFeedRpcController } from './list-feed/list-feed.rpc-controller';
import { PublishVideoHandler } from './publish-video/publish-video.handler';
import { PublishVideoRpcController } from './publish-video/publish-video.rpc-controller';
import { VideoCache } from './shared/video-cache';

/**
 * Every use case of the video context, served over RPC (`newsreel.video.v1`), plus the
 * consumer that keeps like and comment counts from the other services' events.
 */
@Module({
  imports: [
    VideoDataAccessModule,
    CacheModule.forService(),
    // Count handlers write in the inbox row's transaction, through the video repository.
    MessagingModule.forService({
      subscriptions: COUNT_SUBSCRIPTIONS,
      unitOfWork: VIDEO_REPOSITORY,
    }),
  ],
  controllers: [
    PublishVideoRpcController,
    GetVideoRpcController,
    DeleteVideoRpcController,
    ListFeedRpcController,
    CountByAuthorRpcController,
  ],
  providers: [
    PublishVideoHandler,
    GetVideoHandler,
    DeleteVideoHandler,
    ListFeedHandler,
    VideoCache,
    { provide: CLOCK, useValue: systemClock },
    CountLikeCreatedHandler,
    CountLikeRemovedHandler,
    CountCommentCreatedHandler,
    CountCommentDeletedHandler,
  ],
})
export class VideoFeatureModule {}
