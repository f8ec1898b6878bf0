import { Inject, Injectable } from '@nestjs/common';
import { CACHE, type Cache } from '@newsreel/shared-cache';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import type { Video as VideoDto, VideoPage } from '@newsreel/video-contracts';

const FEEDS = 'feeds';

/**
 * Cache-aside for the video context. Detail entries are keyed by id and deleted on delete;
 * feed pages cannot be enumerated, so they live under a versioned namespace that every publish
 * or delete bumps (one INCR invalidates every page of every feed).
 */
@Injectable()
export class VideoCache {
  constructor(
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  video(id: string, load: () => Promise<VideoDto | undefined>): Promise<VideoDto | undefined> {
    return this.cache.getOrLoad(`video:${id}`, this.config.cache.videoTtlMs, load);
  }

  feedPage(key: string, load: () => Promise<VideoPage>): Promise<VideoPage> {
    return this.cache.namespace(FEEDS).getOrLoad(key, this.config.cache.feedTtlMs, load);
  }

  /** Drops one video's cached detail (its counts changed). */
  async forget(videoId: string): Promise<void> {
    await this.cache.delete(`video:${videoId}`);
  }

  /** After a write: the video's own entry (if any) and every cached feed page are stale. */
  async invalidate(videoId?: string): Promise<void> {
    if (videoId) await this.cache.delete(`video:${videoId}`);
    await this.cache.namespace(FEEDS).bump();
  }
}
