import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

describe('LoginHandler', () => {
  async function registered() {
    const kit = createAccountTestKit();
    const { user } = await kit.register.execute({ username: 'alice', password: 'password-1' });
    return { kit, user };
  }

  it('starts a new session (a new token family) for the right password', async () => {
    const { kit, user } = await registered();
    const session = await kit.login.execute({ username: 'alice', password: 'password-1' });
    expect(session.user).toEqual(user);
    const families = new Set([...kit.refreshTokens.tokens.values()].map((t) => t.familyId));
    expect(families.size).toBe(2);
  });

  it('accepts the username in any case (usernames are stored lowercase)', async () => {
    const { kit, user } = await registered();
    await expect(
      kit.login.execute({ username: 'Alice', password: 'password-1' }),
    ).resolves.toMatchObject({ user });
  });

  it('gives the same error for a wrong password and an unknown user, after the same hashing work', async () => {
    const { kit } = await registered();
    const wrongPassword = await kit.login
      .execute({ username: 'alice', password: 'password-2' })
      .catch((e: unknown) => e);
    const unknownUser = await kit.login
      .execute({ username: 'mallory', password: 'password-1' })
      .catch((e: unknown) => e);

    for (const error of [wrongPassword, unknownUser]) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).toPayload()).toEqual({
        code: RpcStatus.UNAUTHENTICATED,
        message: 'Invalid username or password',
      });
    }
    // Both paths ran the hasher once: against the real hash, and against the dummy (undefined).
    expect(kit.hasher.verifyCalls).toEqual([
      { password: 'password-2', stored: 'fake$password-1' },
      { password: 'password-1', stored: undefined },
    ]);
  });
});
