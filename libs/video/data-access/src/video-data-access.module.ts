import { Module } from '@nestjs/common';
import { PersistenceModule } from '@newsreel/shared-persistence';
import { VIDEO_REPOSITORY } from '@newsreel/video-domain';
import { MESSAGING_PERSISTENCE } from '@newsreel/shared-messaging';
import { CreateVideos1763700000000 } from './migrations/1763700000000-create-videos.migration';
import { AddVideoCounts1763800000000 } from './migrations/1763800000000-add-video-counts.migration';
import { TypeOrmVideoRepository } from './typeorm-video.repository';
import { VideoRecord } from './video.record';

/** Entities and migrations of the video database, outbox and inbox included. */
export const VIDEO_PERSISTENCE = {
  entities: [VideoRecord, ...MESSAGING_PERSISTENCE.entities],
  migrations: [
    CreateVideos1763700000000,
    AddVideoCounts1763800000000,
    ...MESSAGING_PERSISTENCE.migrations,
  ],
};

/** The video database (its own, per service) and the repository adapter bound to the port. */
@Module({
  imports: [PersistenceModule.forService(VIDEO_PERSISTENCE)],
  providers: [{ provide: VIDEO_REPOSITORY, useClass: TypeOrmVideoRepository }],
  exports: [VIDEO_REPOSITORY],
})
export class VideoDataAccessModule {}
