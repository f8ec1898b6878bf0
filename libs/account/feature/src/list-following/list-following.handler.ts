import { Inject, Injectable } from '@nestjs/common';
import { FOLLOW_REPOSITORY, type FollowRepository } from '@newsreel/account-domain';
import type { ListFollowingQuery } from './list-following.query';

/** Ids the user follows, most recent follow first. An unknown user simply follows nobody. */
@Injectable()
export class ListFollowingHandler {
  constructor(@Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository) {}

  async execute(query: ListFollowingQuery): Promise<{ ids: string[] }> {
    return { ids: await this.follows.listFollowing(query.userId, query.limit) };
  }
}
