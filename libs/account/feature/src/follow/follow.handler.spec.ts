import { RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

describe('follow graph use cases', () => {
  async function threeUsers() {
    const kit = createAccountTestKit();
    const [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map(
        async (username) => (await kit.register.execute({ username, password: 'password-1' })).user,
      ),
    );
    return { kit, alice, bob, carol };
  }

  it('refuses following (or unfollowing) yourself with INVALID_ARGUMENT', async () => {
    const { kit, alice } = await threeUsers();
    const self = { followerId: alice.id, followeeId: alice.id };
    const refused = { code: RpcStatus.INVALID_ARGUMENT, message: 'You cannot follow yourself' };
    await expect(kit.follow.execute(self)).rejects.toMatchObject(refused);
    await expect(kit.unfollow.execute(self)).rejects.toMatchObject(refused);
    expect(kit.follows.edges).toHaveLength(0);
  });

  it('refuses an unknown followee with NOT_FOUND', async () => {
    const { kit, alice } = await threeUsers();
    await expect(
      kit.follow.execute({
        followerId: alice.id,
        followeeId: '0190a000-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: RpcStatus.NOT_FOUND, message: 'User not found' });
  });

  it('is idempotent: following twice keeps one edge, unfollowing a non-edge succeeds', async () => {
    const { kit, alice, bob } = await threeUsers();
    const edge = { followerId: alice.id, followeeId: bob.id };
    await expect(kit.follow.execute(edge)).resolves.toEqual({});
    kit.clock.advance(1000);
    await expect(kit.follow.execute(edge)).resolves.toEqual({});
    expect(kit.follows.edges).toHaveLength(1);
    expect(kit.follows.edges[0].at.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    await expect(kit.unfollow.execute(edge)).resolves.toEqual({});
    await expect(kit.unfollow.execute(edge)).resolves.toEqual({});
    expect(kit.follows.edges).toHaveLength(0);
  });

  it('publishes account.followed (keyed by the followee) with a new edge only', async () => {
    const { kit, alice, bob } = await threeUsers();
    const edge = { followerId: alice.id, followeeId: bob.id };
    await kit.follow.execute(edge);
    await kit.follow.execute(edge);
    expect(kit.follows.published).toEqual([
      {
        topic: 'account.followed.v1',
        key: bob.id,
        payload: { ...edge, occurredAt: '2026-01-01T00:00:00.000Z' },
      },
    ]);
  });

  it('counts followers and following on the profile, and lists newest follows first', async () => {
    const { kit, alice, bob, carol } = await threeUsers();
    await kit.follow.execute({ followerId: alice.id, followeeId: bob.id });
    kit.clock.advance(1000);
    await kit.follow.execute({ followerId: alice.id, followeeId: carol.id });
    await kit.follow.execute({ followerId: carol.id, followeeId: bob.id });

    await expect(kit.getProfile.execute({ id: bob.id })).resolves.toEqual({
      ...bob,
      followerCount: 2,
      followingCount: 0,
    });
    await expect(kit.getProfile.execute({ id: alice.id })).resolves.toMatchObject({
      followerCount: 0,
      followingCount: 2,
    });
    await expect(kit.listFollowing.execute({ userId: alice.id, limit: 10 })).resolves.toEqual({
      ids: [carol.id, bob.id],
    });
    await expect(kit.listFollowing.execute({ userId: alice.id, limit: 1 })).resolves.toEqual({
      ids: [carol.id],
    });
  });
});
