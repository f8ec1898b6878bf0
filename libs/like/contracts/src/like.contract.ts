import { defineContract, method, pingMethod } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { LikeRequest, LikeStateSchema, UserId, VideoId } from './like.schemas';

/**
 * The `like` service's RPC contract (`newsreel.like.v1`). Like and unlike are idempotent: a
 * second like changes nothing and publishes nothing.
 */
export const LikeContract = defineContract('like', 'v1', {
  ping: pingMethod,
  like: method({ request: LikeRequest, response: LikeStateSchema, idempotent: true }),
  unlike: method({ request: LikeRequest, response: LikeStateSchema, idempotent: true }),
  /** Which of `videoIds` the user has liked (for `likedByMe`). */
  likedBy: method({
    request: z.strictObject({ userId: UserId, videoIds: z.array(VideoId).max(100) }),
    response: z.object({ videoIds: z.array(VideoId) }),
    idempotent: true,
  }),
});

/** Type of {@link LikeContract}. */
export type LikeContract = typeof LikeContract;
