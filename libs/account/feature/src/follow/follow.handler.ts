import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  FOLLOW_REPOSITORY,
  type FollowRepository,
  USER_REPOSITORY,
  type UserRepository,
} from '@newsreel/account-domain';
import type { FollowCommand } from './follow.command';
import { assertFollowEdge } from './follow-edge.policy';

/** Adds a follow edge. Idempotent: following again keeps the one edge and its original time. */
@Injectable()
export class FollowHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: FollowCommand): Promise<Record<string, never>> {
    await assertFollowEdge(this.users, command.followerId, command.followeeId);
    await this.follows.add(command.followerId, command.followeeId, this.clock.now());
    return {};
  }
}
