import { RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

describe('user lookups', () => {
  it('getUsers returns known users in request order, once each, leaving unknown ids out', async () => {
    const kit = createAccountTestKit();
    const alice = (await kit.register.execute({ username: 'alice', password: 'password-1' })).user;
    const bob = (await kit.register.execute({ username: 'bob', password: 'password-1' })).user;
    const unknown = '0190a000-0000-7000-8000-000000000000';

    await expect(
      kit.getUsers.execute({ ids: [bob.id, unknown, alice.id, bob.id] }),
    ).resolves.toEqual({
      users: [bob, alice],
    });
    await expect(kit.getUsers.execute({ ids: [] })).resolves.toEqual({ users: [] });
  });

  it('getProfile answers NOT_FOUND for an unknown id', async () => {
    const kit = createAccountTestKit();
    await expect(
      kit.getProfile.execute({ id: '0190a000-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: RpcStatus.NOT_FOUND,
      message: 'User not found',
    });
  });
});
