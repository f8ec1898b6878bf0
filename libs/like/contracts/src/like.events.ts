import { defineEvent } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { UserId, VideoId } from './like.schemas';

const LikeFact = z.object({
  userId: UserId,
  videoId: VideoId,
  videoAuthorId: UserId,
  occurredAt: z.iso.datetime(),
});

/** `like.created.v1`: only when a like is new (liking twice publishes once). */
export const LikeCreated = defineEvent('like.created', 1, LikeFact);
/** `like.removed.v1`: only when a like existed. */
export const LikeRemoved = defineEvent('like.removed', 1, LikeFact);
