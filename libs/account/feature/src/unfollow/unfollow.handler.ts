import { Inject, Injectable } from '@nestjs/common';
import {
  FOLLOW_REPOSITORY,
  type FollowRepository,
  USER_REPOSITORY,
  type UserRepository,
} from '@newsreel/account-domain';
import { assertFollowEdge } from '../follow/follow-edge.policy';
import type { UnfollowCommand } from './unfollow.command';

/** Removes a follow edge. Idempotent: unfollowing someone you do not follow succeeds. */
@Injectable()
export class UnfollowHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository,
  ) {}

  async execute(command: UnfollowCommand): Promise<Record<string, never>> {
    await assertFollowEdge(this.users, command.followerId, command.followeeId);
    await this.follows.remove(command.followerId, command.followeeId);
    return {};
  }
}
