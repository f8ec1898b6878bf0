import { RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

describe('LogoutHandler', () => {
  it("revokes the token's family, so neither it nor its successors refresh", async () => {
    const kit = createAccountTestKit();
    const session = await kit.register.execute({ username: 'alice', password: 'password-1' });
    const next = await kit.refresh.execute({ refreshToken: session.refreshToken });

    await expect(kit.logout.execute({ refreshToken: next.refreshToken })).resolves.toEqual({});
    expect([...kit.refreshTokens.tokens.values()].every((t) => t.revokedAt !== null)).toBe(true);
    await expect(kit.refresh.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
    });
    // The session's end is recorded once, under the id its access tokens carry.
    const claims = await kit.accessTokens.verify(next.accessToken);
    expect(kit.refreshTokens.revokedSessions).toEqual([
      { sessionId: claims.sid, userId: session.user.id },
    ]);
  });

  it('is idempotent and answers the same for unknown, malformed and forged tokens', async () => {
    const kit = createAccountTestKit();
    const session = await kit.register.execute({ username: 'alice', password: 'password-1' });
    const [id] = session.refreshToken.split('.');

    await expect(kit.logout.execute({ refreshToken: 'nonsense' })).resolves.toEqual({});
    await expect(
      kit.logout.execute({
        refreshToken: `0190a000-0000-7000-8000-000000000000.${'A'.repeat(43)}`,
      }),
    ).resolves.toEqual({});
    // Knowing the id without the secret logs nobody out.
    await expect(kit.logout.execute({ refreshToken: `${id}.${'A'.repeat(43)}` })).resolves.toEqual(
      {},
    );
    expect(kit.refreshTokens.tokens.get(id)!.revokedAt).toBeNull();

    await expect(kit.logout.execute({ refreshToken: session.refreshToken })).resolves.toEqual({});
    const revokedAt = kit.refreshTokens.tokens.get(id)!.revokedAt;
    kit.clock.advance(1000);
    await expect(kit.logout.execute({ refreshToken: session.refreshToken })).resolves.toEqual({});
    expect(kit.refreshTokens.tokens.get(id)!.revokedAt).toEqual(revokedAt);
  });
});
