import { Inject, Injectable } from '@nestjs/common';
import { LikeCreated, type LikeState } from '@newsreel/like-contracts';
import {
  LIKE_REPOSITORY,
  LikeAlreadyExistsError,
  type LikeCount,
  type LikeRepository,
} from '@newsreel/like-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { LikeCounts } from '../shared/like-counts';
import type { LikeVideoCommand } from './like-video.command';

/**
 * Likes a video, idempotently. A new like is one transaction: the like row, the counter (+1)
 * and `like.created.v1` in the outbox. An existing like changes nothing and publishes nothing;
 * either way the answer is the state after the call.
 */
@Injectable()
export class LikeVideoHandler {
  constructor(
    @Inject(LIKE_REPOSITORY) private readonly likes: LikeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly counts: LikeCounts,
  ) {}

  async execute(command: LikeVideoCommand): Promise<LikeState> {
    // A repeated like (double tap, client retry) is answered without a write transaction.
    const [alreadyLiked] = await this.likes.likedVideoIds(command.userId, [command.videoId]);
    const counter = alreadyLiked === undefined ? await this.add(command) : undefined;
    if (counter) {
      await this.counts.committed(counter);
      return { liked: true, likeCount: counter.count };
    }
    return { liked: true, likeCount: await this.counts.current(command.videoId) };
  }

  /** The counter after the new like, or `undefined` when a concurrent like of the same pair won. */
  private async add(command: LikeVideoCommand): Promise<LikeCount | undefined> {
    const { userId, videoId, videoAuthorId } = command;
    const at = this.clock.now();
    try {
      return await this.likes.run(async (tx) => {
        await tx.insert({ userId, videoId, createdAt: at });
        const counter = await tx.adjustCount(videoId, +1);
        const occurredAt = at.toISOString();
        // Keyed by video: one partition per video keeps its likes and unlikes in order.
        await tx.publish(
          LikeCreated,
          { userId, videoId, videoAuthorId, occurredAt },
          { key: videoId },
        );
        return counter;
      });
    } catch (error) {
      // The unique key decided a race between two identical likes: the other one counted and
      // published; this one rolled back and is "already liked".
      if (error instanceof LikeAlreadyExistsError) return undefined;
      throw error;
    }
  }
}
