import { Inject, Injectable } from '@nestjs/common';
import {
  LIKE_COUNT_CACHE,
  LIKE_REPOSITORY,
  type LikeCount,
  type LikeCountCache,
  type LikeRepository,
} from '@newsreel/like-domain';

/**
 * Like counts for the use cases. The database row is the truth (changed in the like's own
 * transaction); the cache holds a copy that is written through after every commit and read
 * first. A miss (or a failing Redis) reads the database and refreshes the copy.
 */
@Injectable()
export class LikeCounts {
  constructor(
    @Inject(LIKE_REPOSITORY) private readonly likes: LikeRepository,
    @Inject(LIKE_COUNT_CACHE) private readonly cache: LikeCountCache,
  ) {}

  /** The video's like count: the copy, or else the committed counter. */
  async current(videoId: string): Promise<number> {
    const cached = await this.cache.get(videoId);
    if (cached) return cached.count;
    const counter = await this.likes.countOf(videoId);
    // Guarded by revision: if a commit wrote a newer counter meanwhile, this one is dropped.
    await this.cache.put(counter);
    return counter.count;
  }

  /** Write-through: called after the transaction that produced `counter` committed. */
  committed(counter: LikeCount): Promise<void> {
    return this.cache.put(counter);
  }
}
