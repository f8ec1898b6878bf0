import { Inject, Injectable } from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { VideoDeleted } from '@newsreel/video-contracts';
import { VIDEO_REPOSITORY, type VideoRepository } from '@newsreel/video-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { VideoCache } from '../shared/video-cache';

/**
 * Deletes a video, with its `video.deleted.v1` event in the same transaction; only its author
 * may. When a concurrent delete wins, that delete publishes the one event.
 */
@Injectable()
export class DeleteVideoHandler {
  constructor(
    @Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: VideoCache,
  ) {}

  async execute(id: string, requesterId: string): Promise<void> {
    const video = await this.videos.findById(id);
    if (!video) throw new RpcError(RpcStatus.NOT_FOUND, 'Video not found');
    if (video.authorId !== requesterId) {
      throw new RpcError(RpcStatus.PERMISSION_DENIED, 'Only the author can delete this video');
    }
    await this.videos.run(async (tx) => {
      if (!(await tx.delete(id))) return;
      await tx.publish(
        VideoDeleted,
        { videoId: id, authorId: video.authorId, occurredAt: this.clock.now().toISOString() },
        { key: id },
      );
    });
    await this.cache.invalidate(id);
  }
}
