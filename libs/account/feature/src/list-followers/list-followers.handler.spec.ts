import { createAccountTestKit } from '../testing';
import { ListFollowersHandler } from './list-followers.handler';

describe('listFollowers', () => {
  it('lists who follows a user, newest follow first, bounded by limit, never the reverse edges', async () => {
    const kit = createAccountTestKit();
    const listFollowers = new ListFollowersHandler(kit.follows);
    const [alice, bob, carol, dave] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map(
        async (username) => (await kit.register.execute({ username, password: 'password-1' })).user,
      ),
    );
    await kit.follow.execute({ followerId: bob.id, followeeId: alice.id });
    kit.clock.advance(1000);
    await kit.follow.execute({ followerId: dave.id, followeeId: alice.id });
    kit.clock.advance(1000);
    await kit.follow.execute({ followerId: carol.id, followeeId: alice.id });
    // Alice following someone makes her nobody's follower here, and nobody hers.
    await kit.follow.execute({ followerId: alice.id, followeeId: bob.id });
    await kit.unfollow.execute({ followerId: dave.id, followeeId: alice.id });

    await expect(listFollowers.execute({ userId: alice.id, limit: 10 })).resolves.toEqual({
      ids: [carol.id, bob.id],
    });
    await expect(listFollowers.execute({ userId: alice.id, limit: 1 })).resolves.toEqual({
      ids: [carol.id],
    });
    await expect(listFollowers.execute({ userId: bob.id, limit: 10 })).resolves.toEqual({
      ids: [alice.id],
    });
    await expect(listFollowers.execute({ userId: dave.id, limit: 10 })).resolves.toEqual({
      ids: [],
    });
  });
});
