import { defineEvent } from '@newsreel/shared-contracts';
import { z } from 'zod';
import { UserId, VideoId } from './video.schemas';

/** `video.published.v1`: a new video (followers of its author are notified). */
export const VideoPublished = defineEvent(
  'video.published',
  1,
  z.object({ videoId: VideoId, authorId: UserId, title: z.string(), occurredAt: z.iso.datetime() }),
);

/** `video.deleted.v1`. */
export const VideoDeleted = defineEvent(
  'video.deleted',
  1,
  z.object({ videoId: VideoId, authorId: UserId, occurredAt: z.iso.datetime() }),
);
