import { Inject, Injectable } from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { Video as VideoDto } from '@newsreel/video-contracts';
import { VIDEO_REPOSITORY, type VideoRepository } from '@newsreel/video-domain';
import { VideoCache } from '../shared/video-cache';
import { toVideoDto } from '../shared/video.mapper';

/** Reads one video, cache-aside. */
@Injectable()
export class GetVideoHandler {
  constructor(
    @Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository,
    private readonly cache: VideoCache,
  ) {}

  async execute(id: string): Promise<VideoDto> {
    const video = await this.cache.video(id, async () => {
      const found = await this.videos.findById(id);
      return found && toVideoDto(found);
    });
    if (!video) throw new RpcError(RpcStatus.NOT_FOUND, 'Video not found');
    return video;
  }
}
