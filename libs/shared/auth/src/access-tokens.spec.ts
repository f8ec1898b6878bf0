import { SignJWT } from 'jose';
import { AccessTokens, InvalidAccessToken } from './access-tokens';

const settings = {
  jwtSecret: 'a-test-secret-that-is-long-enough-000000',
  issuer: 'newsreel-account',
  audience: 'newsreel-api',
  accessTokenTtlSec: 900,
};
const tokens = new AccessTokens(settings);
const key = new TextEncoder().encode(settings.jwtSecret);

describe('AccessTokens', () => {
  it('round-trips the claims', async () => {
    const token = await tokens.sign({ sub: 'u1', username: 'alice' });
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'u1', username: 'alice' });
  });

  it('refuses a token signed with another key', async () => {
    const other = new AccessTokens({ ...settings, jwtSecret: 'another-secret-that-is-long-enough-0000' });
    const token = await other.sign({ sub: 'u1', username: 'alice' });
    await expect(tokens.verify(token)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses the wrong issuer or audience', async () => {
    const wrongAud = await new AccessTokens({ ...settings, audience: 'elsewhere' }).sign({ sub: 'u', username: 'a' });
    const wrongIss = await new AccessTokens({ ...settings, issuer: 'mallory' }).sign({ sub: 'u', username: 'a' });
    await expect(tokens.verify(wrongAud)).rejects.toThrow(InvalidAccessToken);
    await expect(tokens.verify(wrongIss)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ username: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    await expect(tokens.verify(token)).rejects.toThrow('expired');
  });

  it('refuses alg=none and other algorithms (algorithm pinned)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'u', username: 'a', iss: settings.issuer, aud: settings.audience, exp: 9e9, iat: 1 }),
    ).toString('base64url');
    await expect(tokens.verify(`${header}.${body}.`)).rejects.toThrow(InvalidAccessToken);
    const hs512 = await new SignJWT({ username: 'a' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(settings.jwtSecret.repeat(2)));
    await expect(tokens.verify(hs512)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses garbage', async () => {
    await expect(tokens.verify('not-a-jwt')).rejects.toThrow(InvalidAccessToken);
  });
});
