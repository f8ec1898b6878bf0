import { Inject, Injectable } from '@nestjs/common';
import { AccountFollowed } from '@newsreel/account-contracts';
import {
  FOLLOW_REPOSITORY,
  FollowAlreadyExistsError,
  type FollowRepository,
  USER_REPOSITORY,
  type UserRepository,
} from '@newsreel/account-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import type { FollowCommand } from './follow.command';
import { assertFollowEdge } from './follow-edge.policy';

/**
 * Adds a follow edge with its `account.followed.v1` event (keyed by the followee) in one
 * transaction. Idempotent: following again keeps the one edge and its original time, and
 * publishes nothing.
 */
@Injectable()
export class FollowHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(FOLLOW_REPOSITORY) private readonly follows: FollowRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: FollowCommand): Promise<Record<string, never>> {
    await assertFollowEdge(this.users, command.followerId, command.followeeId);
    const { followerId, followeeId } = command;
    const at = this.clock.now();
    try {
      await this.follows.run(async (tx) => {
        if (!(await tx.add(followerId, followeeId, at))) return;
        const occurredAt = at.toISOString();
        await tx.publish(
          AccountFollowed,
          { followerId, followeeId, occurredAt },
          { key: followeeId },
        );
      });
    } catch (error) {
      // A concurrent follow stored the edge (and its event) first: following is idempotent.
      if (!(error instanceof FollowAlreadyExistsError)) throw error;
    }
    return {};
  }
}
