import { type UserRepository } from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';

/**
 * The checks follow and unfollow share: no self-edges, and both ends must be users
 * (INVALID_ARGUMENT / NOT_FOUND).
 */
export async function assertFollowEdge(
  users: UserRepository,
  followerId: string,
  followeeId: string,
): Promise<void> {
  if (followerId === followeeId)
    throw new RpcError(RpcStatus.INVALID_ARGUMENT, 'You cannot follow yourself');
  const found = await users.findByIds([followerId, followeeId]);
  if (found.length !== 2) throw new RpcError(RpcStatus.NOT_FOUND, 'User not found');
}
