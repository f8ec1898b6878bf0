import { Controller, Inject } from '@nestjs/common';
import { RpcMethod } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { VIDEO_REPOSITORY, type VideoRepository } from '@newsreel/video-domain';

/** How many videos an author has (for profiles); too small for a handler of its own. */
@Controller()
export class CountByAuthorRpcController {
  constructor(@Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository) {}

  @RpcMethod(VideoContract, 'countByAuthor')
  async countByAuthor(request: { authorId: string }) {
    return { count: await this.videos.countByAuthor(request.authorId) };
  }
}
