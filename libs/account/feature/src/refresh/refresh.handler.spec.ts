import { RpcStatus } from '@newsreel/shared-contracts';
import { TEST_AUTH, createAccountTestKit } from '../testing';

describe('RefreshHandler', () => {
  async function loggedIn() {
    const kit = createAccountTestKit();
    const session = await kit.register.execute({ username: 'alice', password: 'password-1' });
    return { kit, session };
  }

  it('rotates: marks the token used and issues a successor in the same family', async () => {
    const { kit, session } = await loggedIn();
    kit.clock.advance(60_000);
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });

    expect(next.user).toEqual(session.user);
    expect(next.refreshToken).not.toBe(session.refreshToken);
    await expect(kit.accessTokens.verify(next.accessToken)).resolves.toMatchObject({
      sub: session.user.id,
    });
    const [first, second] = [...kit.refreshTokens.tokens.values()];
    expect(first.usedAt?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(second.familyId).toBe(first.familyId);
    expect(second.usedAt).toBeNull();
    expect(second.expiresAt.getTime()).toBe(
      kit.clock.now().getTime() + TEST_AUTH.refreshTokenTtlSec * 1000,
    );
    // The successor works in turn.
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).resolves.toMatchObject({
      user: session.user,
    });
  });

  it('detects reuse of a rotated token and revokes the whole family', async () => {
    const { kit, session } = await loggedIn();
    const other = await kit.login.execute({ username: 'alice', password: 'password-1' });
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });

    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject(
      {
        code: RpcStatus.UNAUTHENTICATED,
        message: 'Refresh token reuse detected',
      },
    );
    const familyId = kit.refreshTokens.tokens.get(session.refreshToken.split('.')[0])!.familyId;
    expect(kit.refreshTokens.family(familyId).map((t) => t.revokedAt !== null)).toEqual([
      true,
      true,
    ]);
    // The legitimate successor is dead too: whoever holds it must log in again.
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
    });
    // Another login's family is untouched.
    await expect(kit.refresh.execute({ refreshToken: other.refreshToken })).resolves.toMatchObject({
      user: session.user,
    });
    expect(kit.logger.warnings).toHaveLength(1);
    expect(JSON.stringify(kit.logger.warnings)).not.toContain(session.refreshToken.split('.')[1]);
  });

  it('treats losing a concurrent rotation of the same token as reuse', async () => {
    const { kit, session } = await loggedIn();
    const results = await Promise.allSettled([
      kit.refresh.execute({ refreshToken: session.refreshToken }),
      kit.refresh.execute({ refreshToken: session.refreshToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect([...kit.refreshTokens.tokens.values()].every((t) => t.revokedAt !== null)).toBe(true);
  });

  it('refuses expired, revoked, unknown, forged and malformed tokens', async () => {
    const { kit, session } = await loggedIn();
    const [id, secret] = session.refreshToken.split('.');
    const refused = { code: RpcStatus.UNAUTHENTICATED, message: 'Invalid refresh token' };

    await expect(kit.refresh.execute({ refreshToken: 'nonsense' })).rejects.toMatchObject(refused);
    await expect(
      kit.refresh.execute({ refreshToken: `0190a000-0000-7000-8000-000000000000.${secret}` }),
    ).rejects.toMatchObject(refused);
    const forged = `${id}.${'A'.repeat(43)}`;
    await expect(kit.refresh.execute({ refreshToken: forged })).rejects.toMatchObject(refused);
    // A forged secret revokes nothing: the real token still works.
    expect(kit.refreshTokens.tokens.get(id)!.revokedAt).toBeNull();

    kit.clock.advance(TEST_AUTH.refreshTokenTtlSec * 1000);
    await expect(kit.refresh.execute({ refreshToken: session.refreshToken })).rejects.toMatchObject(
      refused,
    );

    const fresh = await kit.login.execute({ username: 'alice', password: 'password-1' });
    await kit.logout.execute({ refreshToken: fresh.refreshToken });
    await expect(kit.refresh.execute({ refreshToken: fresh.refreshToken })).rejects.toMatchObject(
      refused,
    );
  });
});
