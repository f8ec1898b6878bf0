import { Inject, Injectable } from '@nestjs/common';
import { CommentCreated, CommentDeleted } from '@newsreel/comment-contracts';
import { LikeCreated, LikeRemoved } from '@newsreel/like-contracts';
import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import type { EventContext, EventHandler } from '@newsreel/shared-messaging';
import type { CountDelta, VideoTransaction } from '@newsreel/video-domain';
import { VideoCache } from '../shared/video-cache';

/**
 * Keeps a video's like and comment counts from the like and comment services' events, so a
 * read never has to call those services. Each event is applied once (the messaging inbox
 * deduplicates), in the same transaction as its inbox row (`context.tx`).
 */
abstract class CountHandler<E extends EventDefinition> implements EventHandler<
  E,
  VideoTransaction
> {
  protected abstract readonly delta: CountDelta;

  constructor(@Inject(VideoCache) private readonly cache: VideoCache) {}

  async handle(payload: EventPayload<E>, context: EventContext<VideoTransaction>): Promise<void> {
    const { videoId } = payload as { videoId: string };
    await context.tx.adjustCounts(videoId, this.delta);
    // The cached detail carries the counts. Dropped once the new counts are committed: dropped
    // before, a read racing the commit could cache the old counts again for a whole TTL.
    context.tx.afterCommit(() => this.cache.forget(videoId));
  }
}

@Injectable()
export class CountLikeCreatedHandler extends CountHandler<typeof LikeCreated> {
  protected readonly delta = { likes: 1 };
}

@Injectable()
export class CountLikeRemovedHandler extends CountHandler<typeof LikeRemoved> {
  protected readonly delta = { likes: -1 };
}

@Injectable()
export class CountCommentCreatedHandler extends CountHandler<typeof CommentCreated> {
  protected readonly delta = { comments: 1 };
}

@Injectable()
export class CountCommentDeletedHandler extends CountHandler<typeof CommentDeleted> {
  protected readonly delta = { comments: -1 };
}

/** The subscriptions of the video service's consumer. */
export const COUNT_SUBSCRIPTIONS = [
  { event: LikeCreated, handler: CountLikeCreatedHandler },
  { event: LikeRemoved, handler: CountLikeRemovedHandler },
  { event: CommentCreated, handler: CountCommentCreatedHandler },
  { event: CommentDeleted, handler: CountCommentDeletedHandler },
];
