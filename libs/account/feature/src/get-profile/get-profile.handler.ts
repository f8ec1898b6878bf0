import { Inject, Injectable } from '@nestjs/common';
import type { Profile } from '@newsreel/account-contracts';
import {
  FOLLOW_REPOSITORY,
  type FollowRepository,
  USER_REPOSITORY,
  type UserRepository,
  toPublicUser,
} from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { GetProfileQuery } from './get-profile.query';

/**
 * A profile with exact counts. They are counted on each read (two indexed COUNTs) rather than
 * kept in counter columns: exact, and nothing to drift; revisit if profiles get hot.
 */
@Injectable()
export class GetProfileHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository,
  ) {}

  async execute(query: GetProfileQuery): Promise<Profile> {
    const user = await this.users.findById(query.id);
    if (!user) throw new RpcError(RpcStatus.NOT_FOUND, 'User not found');
    const [followerCount, followingCount] = await Promise.all([
      this.follows.countFollowers(user.id),
      this.follows.countFollowing(user.id),
    ]);
    return { ...toPublicUser(user), followerCount, followingCount };
  }
}
