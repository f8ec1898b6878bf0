import { defineContract, method, pingMethod } from '@newsreel/shared-contracts';
import { z } from 'zod';
import {
  FeedRequest,
  PublishVideoFields,
  UserId,
  VideoId,
  VideoPageSchema,
  VideoSchema,
} from './video.schemas';

/**
 * The `video` service's RPC contract (`newsreel.video.v1`): publishing, reading and deleting
 * videos, and feeds (global, by category, by authors) with cursor pagination.
 *
 * Errors: `NOT_FOUND` (unknown video or bad cursor), `PERMISSION_DENIED` (deleting someone
 * else's video), `INVALID_ARGUMENT`.
 */
export const VideoContract = defineContract('video', 'v1', {
  ping: pingMethod,
  publish: method({
    request: PublishVideoFields.extend({ authorId: UserId }),
    response: VideoSchema,
  }),
  getVideo: method({
    request: z.strictObject({ id: VideoId }),
    response: VideoSchema,
    idempotent: true,
  }),
  deleteVideo: method({
    request: z.strictObject({ id: VideoId, requesterId: UserId }),
    response: z.object({}),
    idempotent: true,
  }),
  feed: method({ request: FeedRequest, response: VideoPageSchema, idempotent: true }),
  countByAuthor: method({
    request: z.strictObject({ authorId: UserId }),
    response: z.object({ count: z.number().int().min(0) }),
    idempotent: true,
  }),
});

/** Type of {@link VideoContract}. */
export type VideoContract = typeof VideoContract;
