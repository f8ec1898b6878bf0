import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

describe('RegisterHandler', () => {
  it('creates the user with a hashed password and starts a session', async () => {
    const kit = createAccountTestKit();
    const session = await kit.register.execute({ username: 'alice', password: 'password-1' });

    expect(session.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'alice',
      displayName: 'alice',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(session.user).not.toHaveProperty('passwordHash');
    expect(session.expiresIn).toBe(900);
    const stored = kit.users.users.get(session.user.id)!;
    expect(stored.passwordHash).toBe('fake$password-1');
    // The refresh token is stored only as a hash, in a new family.
    const [token] = [...kit.refreshTokens.tokens.values()];
    // The access token names its session: the refresh token's family.
    await expect(kit.accessTokens.verify(session.accessToken)).resolves.toEqual({
      sub: session.user.id,
      username: 'alice',
      sid: token.familyId,
    });
    expect(session.refreshToken.startsWith(`${token.id}.`)).toBe(true);
    expect(token.secretHash).not.toContain(session.refreshToken.split('.')[1]);
    expect(token.expiresAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });

  it('keeps a given display name', async () => {
    const kit = createAccountTestKit();
    const session = await kit.register.execute({
      username: 'bob',
      password: 'password-1',
      displayName: 'Bob B.',
    });
    expect(session.user.displayName).toBe('Bob B.');
  });

  it('refuses a taken username with ALREADY_EXISTS', async () => {
    const kit = createAccountTestKit();
    await kit.register.execute({ username: 'alice', password: 'password-1' });
    const error = await kit.register
      .execute({ username: 'alice', password: 'password-2' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: RpcStatus.ALREADY_EXISTS, message: 'Username is taken' });
    expect(kit.users.users.size).toBe(1);
  });

  it('maps losing a registration race (unique violation) to ALREADY_EXISTS', async () => {
    const kit = createAccountTestKit();
    kit.users.raceOnNextInsert = true;
    await expect(
      kit.register.execute({ username: 'carol', password: 'password-1' }),
    ).rejects.toMatchObject({
      code: RpcStatus.ALREADY_EXISTS,
      message: 'Username is taken',
    });
    expect(kit.refreshTokens.tokens.size).toBe(0);
  });
});
