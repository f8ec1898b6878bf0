import { v7 } from 'uuid';
import {
  formatRefreshToken,
  hashRefreshSecret,
  newRefreshSecret,
  parseRefreshToken,
  refreshSecretMatches,
} from './refresh-token-secret';

describe('refresh token secrets', () => {
  it('round-trips <id>.<secret> with 32 random bytes of secret', () => {
    const id = v7();
    const secret = newRefreshSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newRefreshSecret()).not.toBe(secret);
    expect(parseRefreshToken(formatRefreshToken({ id, secret }))).toEqual({ id, secret });
  });

  it('refuses anything that is not one of ours', () => {
    const secret = newRefreshSecret();
    for (const bad of [
      '',
      'abc',
      `${v7()}`,
      `${v7()}.`,
      `not-a-uuid.${secret}`,
      `${v7()}.${secret}x`,
      `${v7()}.${secret}.x`,
    ]) {
      expect(parseRefreshToken(bad)).toBeUndefined();
    }
  });

  it('stores a SHA-256 of the secret and checks it', () => {
    const secret = newRefreshSecret();
    const stored = hashRefreshSecret(secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
    expect(refreshSecretMatches(secret, stored)).toBe(true);
    expect(refreshSecretMatches(newRefreshSecret(), stored)).toBe(false);
    expect(refreshSecretMatches(secret, 'garbage')).toBe(false);
  });
});
