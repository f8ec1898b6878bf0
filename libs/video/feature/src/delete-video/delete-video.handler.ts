import { Inject, Injectable } from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { VIDEO_REPOSITORY, type VideoRepository } from '@newsreel/video-domain';
import { VideoCache } from '../shared/video-cache';

/** Deletes a video; only its author may. */
@Injectable()
export class DeleteVideoHandler {
  constructor(
    @Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository,
    private readonly cache: VideoCache,
  ) {}

  async execute(id: string, requesterId: string): Promise<void> {
    const video = await this.videos.findById(id);
    if (!video) throw new RpcError(RpcStatus.NOT_FOUND, 'Video not found');
    if (video.authorId !== requesterId) {
      throw new RpcError(RpcStatus.PERMISSION_DENIED, 'Only the author can delete this video');
    }
    await this.videos.delete(id);
    await this.cache.invalidate(id);
  }
}
