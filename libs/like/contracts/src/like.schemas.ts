import { z } from 'zod';

export const UserId = z.uuid();
export const VideoId = z.uuid();

/** A like or unlike: the gateway has already checked the video exists and passes its author. */
export const LikeRequest = z.strictObject({
  userId: UserId,
  videoId: VideoId,
  videoAuthorId: UserId,
});

/** The state of one user's like on one video, after the change. */
export const LikeStateSchema = z.object({ liked: z.boolean(), likeCount: z.number().int().min(0) });
/** See {@link LikeStateSchema}. */
export type LikeState = z.output<typeof LikeStateSchema>;
