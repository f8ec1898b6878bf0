import type { Video } from '@newsreel/video-domain';
import type { Video as VideoDto } from '@newsreel/video-contracts';

/** The contract's view of a video. */
export function toVideoDto(video: Video): VideoDto {
  return {
    id: video.id,
    authorId: video.authorId,
    title: video.title,
    category: video.category,
    description: video.description,
    mediaUrl: video.mediaUrl,
    coverUrl: video.coverUrl,
    durationSec: video.durationSec,
    publishedAt: video.publishedAt.toISOString(),
    likeCount: video.likeCount,
    commentCount: video.commentCount,
  };
}
