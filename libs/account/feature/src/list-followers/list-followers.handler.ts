import { Inject, Injectable } from '@nestjs/common';
import { FOLLOW_REPOSITORY, type FollowRepository } from '@newsreel/account-domain';
import type { ListFollowersQuery } from './list-followers.query';

/** Ids of the user's followers, most recent follow first. An unknown user simply has none. */
@Injectable()
export class ListFollowersHandler {
  constructor(@Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository) {}

  async execute(query: ListFollowersQuery): Promise<{ ids: string[] }> {
    return { ids: await this.follows.listFollowers(query.userId, query.limit) };
  }
}
