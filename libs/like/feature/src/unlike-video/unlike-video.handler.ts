import { Inject, Injectable } from '@nestjs/common';
import { LikeRemoved, type LikeState } from '@newsreel/like-contracts';
import { LIKE_REPOSITORY, type LikeRepository } from '@newsreel/like-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { LikeCounts } from '../shared/like-counts';
import type { UnlikeVideoCommand } from './unlike-video.command';

/**
 * Unlikes a video, idempotently: only when the like existed are the row deleted, the counter
 * decremented and `like.removed.v1` recorded, in one transaction. Otherwise nothing changes.
 */
@Injectable()
export class UnlikeVideoHandler {
  constructor(
    @Inject(LIKE_REPOSITORY) private readonly likes: LikeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly counts: LikeCounts,
  ) {}

  async execute(command: UnlikeVideoCommand): Promise<LikeState> {
    const { userId, videoId, videoAuthorId } = command;
    const at = this.clock.now();
    const counter = await this.likes.run(async (tx) => {
      // The DELETE decides: of two concurrent unlikes only one removes a row.
      if (!(await tx.delete(userId, videoId))) return undefined;
      const after = await tx.adjustCount(videoId, -1);
      const occurredAt = at.toISOString();
      await tx.publish(
        LikeRemoved,
        { userId, videoId, videoAuthorId, occurredAt },
        { key: videoId },
      );
      return after;
    });
    if (!counter) return { liked: false, likeCount: await this.counts.current(videoId) };
    await this.counts.committed(counter);
    return { liked: false, likeCount: counter.count };
  }
}
