import { Module } from '@nestjs/common';
import { PersistenceModule, type PersistenceParts } from '@newsreel/shared-persistence';
import { VIDEO_REPOSITORY } from '@newsreel/video-domain';
import { withMessagingTables } from '@newsreel/shared-messaging';
import { CreateVideos1763700000000 } from './migrations/1763700000000-create-videos.migration';
import { AddVideoCounts1763800000000 } from './migrations/1763800000000-add-video-counts.migration';
import { TypeOrmVideoRepository } from './typeorm-video.repository';
import { VideoRecord } from './video.record';

/** The video database's schema: the `videos` table plus the outbox and inbox. */
export const VIDEO_PERSISTENCE: PersistenceParts = withMessagingTables({
  entities: [VideoRecord],
  migrations: [CreateVideos1763700000000, AddVideoCounts1763800000000],
});

/**
 * The video database (its own, per service) and the TypeORM adapter of the `VideoRepository`
 * port. Needs the `TypeOrmUnitOfWork` of `MessagingModule.forService(...)` beside it.
 */
@Module({
  imports: [PersistenceModule.forService(VIDEO_PERSISTENCE)],
  providers: [{ provide: VIDEO_REPOSITORY, useClass: TypeOrmVideoRepository }],
  exports: [VIDEO_REPOSITORY],
})
export class VideoDataAccessModule {}
