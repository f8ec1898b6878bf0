import { Injectable } from '@nestjs/common';
import { LikeContract } from '@newsreel/like-contracts';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import type { Video, VideoPage } from '@newsreel/video-contracts';
import { UserDirectory, type UserView } from '../users/user-directory';

/** A video as the public API shows it: the video service's data, its author, and (signed in) `likedByMe`. */
export type VideoView = Video & { author: UserView; likedByMe?: boolean };

/** Composes videos with their authors and, for a signed-in caller, whether they liked each. */
@Injectable()
export class VideoViews {
  constructor(
    private readonly users: UserDirectory,
    @InjectRpcClient(LikeContract) private readonly likes: RpcClient<LikeContract>,
  ) {}

  async one(video: Video, viewerId?: string): Promise<VideoView> {
    const [view] = await this.many([video], viewerId);
    return view;
  }

  async page(
    page: VideoPage,
    viewerId?: string,
  ): Promise<{ items: VideoView[]; nextCursor: string | null }> {
    return { items: await this.many(page.items, viewerId), nextCursor: page.nextCursor };
  }

  private async many(videos: Video[], viewerId?: string): Promise<VideoView[]> {
    if (videos.length === 0) return [];
    const [userOf, liked] = await Promise.all([
      this.users.lookup(videos.map((v) => v.authorId)),
      viewerId
        ? this.likes
            .call('likedBy', { userId: viewerId, videoIds: videos.map((v) => v.id) })
            .then((r) => new Set(r.videoIds))
        : undefined,
    ]);
    return videos.map((video) => ({
      ...video,
      author: userOf(video.authorId),
      ...(liked ? { likedByMe: liked.has(video.id) } : {}),
    }));
  }
}
