import { Inject, Injectable } from '@nestjs/common';
import { LIKE_REPOSITORY, type LikeRepository } from '@newsreel/like-domain';
import type { LikedByQuery } from './liked-by.query';

/** The subset of the given videos the user has liked, in the order asked, from one query. */
@Injectable()
export class LikedByHandler {
  constructor(@Inject(LIKE_REPOSITORY) private readonly likes: LikeRepository) {}

  async execute(query: LikedByQuery): Promise<{ videoIds: string[] }> {
    return { videoIds: await this.likes.likedVideoIds(query.userId, query.videoIds) };
  }
}
