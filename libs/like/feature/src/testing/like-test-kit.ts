import { MemoryLikeCountCache } from '@newsreel/like-data-access';
import type { LikeCountCache } from '@newsreel/like-domain';
import { LikeVideoHandler } from '../like-video/like-video.handler';
import { LikedByHandler } from '../liked-by/liked-by.handler';
import { LikeCounts } from '../shared/like-counts';
import { UnlikeVideoHandler } from '../unlike-video/unlike-video.handler';
import { InMemoryLikeRepository } from '@newsreel/like-domain/testing';
import { FakeClock } from '@newsreel/shared-clock/testing';

/**
 * The like use cases wired to fakes: the in-memory repository, a fixed clock and the real
 * in-process count cache (or the one given).
 */
export function createLikeTestKit(cache: LikeCountCache = new MemoryLikeCountCache()) {
  const repository = new InMemoryLikeRepository();
  const clock = new FakeClock();
  const counts = new LikeCounts(repository, cache);
  return {
    repository,
    clock,
    cache,
    like: new LikeVideoHandler(repository, clock, counts),
    unlike: new UnlikeVideoHandler(repository, clock, counts),
    likedBy: new LikedByHandler(repository),
  };
}
