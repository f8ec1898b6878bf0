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
    const other = new AccessTokens({
      ...settings,
      jwtSecret: 'another-secret-that-is-long-enough-0000',
    });
    const token = await other.sign({ sub: 'u1', username: 'alice' });
    await expect(tokens.verify(token)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses the wrong issuer or audience', async () => {
    const wrongAud = await new AccessTokens({ ...settings, audience: 'elsewhere' }).sign({
      sub: 'u',
      username: 'a',
    });
    const wrongIss = await new AccessTokens({ ...settings, issuer: 'mallory' }).sign({
      sub: 'u',
      username: 'a',
    });
    await expect(tokens.verify(wrongAud)).rejects.toThrow(InvalidAccessToken);
    await expect(tokens.verify(wrongIss)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ username: 'a' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
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
      JSON.stringify({
        sub: 'u',
        username: 'a',
        iss: settings.issuer,
        aud: settings.audience,
        exp: 9e9,
        iat: 1,
      }),
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

  /** A token signed with the right key and claims, times and header chosen by the test. */
  async function forged(options: {
    iat?: number;
    exp?: number | null;
    nbf?: number;
    typ?: string | null;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ username: 'a' })
      .setProtectedHeader(
        options.typ === null ? { alg: 'HS256' } : { alg: 'HS256', typ: options.typ ?? 'at+jwt' },
      )
      .setSubject('u')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(options.iat ?? now);
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 300);
    if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
    return jwt.sign(key);
  }
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token made by hand with the same rules (the forge below is a fair baseline)', async () => {
    await expect(tokens.verify(await forged({}))).resolves.toEqual({ sub: 'u', username: 'a' });
  });

  it('refuses a token issued more than the clock skew (30 s) in the future', async () => {
    const hourAhead = await forged({ iat: now() + 3600, exp: now() + 3900 });
    await expect(tokens.verify(hourAhead)).rejects.toThrow('issued in the future');
    const minuteAhead = await forged({ iat: now() + 60, exp: now() + 600 });
    await expect(tokens.verify(minuteAhead)).rejects.toThrow('issued in the future');
    // Within the skew: a clock a few seconds ahead is normal.
    await expect(tokens.verify(await forged({ iat: now() + 10 }))).resolves.toMatchObject({
      sub: 'u',
    });
  });

  it('refuses a token without exp', async () => {
    const noExp = await forged({ exp: null });
    await expect(tokens.verify(noExp)).rejects.toThrow(InvalidAccessToken);
  });

  it('refuses a token that is not yet valid (nbf beyond the skew)', async () => {
    await expect(tokens.verify(await forged({ nbf: now() + 600 }))).rejects.toThrow(
      InvalidAccessToken,
    );
  });

  it('refuses a token claiming a longer lifetime than the account service issues', async () => {
    const year = await forged({ exp: now() + 365 * 86_400 });
    await expect(tokens.verify(year)).rejects.toThrow('lifetime longer than issued');
  });

  it('requires the access-token type in the header (explicit typing, RFC 8725 3.11)', async () => {
    await expect(tokens.verify(await forged({ typ: 'JWT' }))).rejects.toThrow(InvalidAccessToken);
    await expect(tokens.verify(await forged({ typ: null }))).rejects.toThrow(InvalidAccessToken);
    const own = await tokens.sign({ sub: 'u1', username: 'alice' });
    const header = JSON.parse(Buffer.from(own.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });

  it('refuses garbage', async () => {
    await expect(tokens.verify('not-a-jwt')).rejects.toThrow(InvalidAccessToken);
  });
});
