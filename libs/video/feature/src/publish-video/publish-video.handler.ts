import { Inject, Injectable } from '@nestjs/common';
import { type Video as VideoDto, VideoPublished } from '@newsreel/video-contracts';
import { VIDEO_REPOSITORY, type Video, type VideoRepository } from '@newsreel/video-domain';
import { v7 as uuidv7 } from 'uuid';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { VideoCache } from '../shared/video-cache';
import { toVideoDto } from '../shared/video.mapper';

/** What a publish carries once validated by the contract. */
export interface PublishVideoCommand {
  authorId: string;
  title: string;
  category: Video['category'];
  description?: string;
  mediaUrl: string;
  durationSec: number;
  coverUrl?: string;
}

/**
 * Publishes a video: stores it with its `video.published.v1` event (keyed by the video) in one
 * transaction, and invalidates cached feeds so it shows up at once.
 */
@Injectable()
export class PublishVideoHandler {
  constructor(
    @Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cache: VideoCache,
  ) {}

  async execute(command: PublishVideoCommand): Promise<VideoDto> {
    const video: Video = {
      id: uuidv7(),
      authorId: command.authorId,
      title: command.title,
      category: command.category,
      description: command.description ?? '',
      mediaUrl: command.mediaUrl,
      coverUrl: command.coverUrl ?? null,
      durationSec: command.durationSec,
      publishedAt: this.clock.now(),
      likeCount: 0,
      commentCount: 0,
    };
    await this.videos.run(async (tx) => {
      await tx.insert(video);
      await tx.publish(
        VideoPublished,
        {
          videoId: video.id,
          authorId: video.authorId,
          title: video.title,
          occurredAt: video.publishedAt.toISOString(),
        },
        { key: video.id },
      );
    });
    await this.cache.invalidate();
    return toVideoDto(video);
  }
}
