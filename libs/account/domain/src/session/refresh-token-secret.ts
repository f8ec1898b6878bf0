import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a refresh token's secret (256 bits: not guessable, not enumerable). */
export const REFRESH_SECRET_BYTES = 32;

/** A refresh token string split into the row it names and the secret that proves possession. */
export interface RefreshTokenParts {
  id: string;
  secret: string;
}

// `<uuid>.<base64url of 32 bytes>`; anything else is refused before touching the database.
const TOKEN_FORMAT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** A fresh random secret (base64url). */
export function newRefreshSecret(): string {
  return randomBytes(REFRESH_SECRET_BYTES).toString('base64url');
}

/** The opaque string handed to the client. */
export function formatRefreshToken(parts: RefreshTokenParts): string {
  return `${parts.id}.${parts.secret}`;
}

/** Splits a presented token; `undefined` when it cannot be one of ours. */
export function parseRefreshToken(token: string): RefreshTokenParts | undefined {
  const match = TOKEN_FORMAT.exec(token);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/**
 * SHA-256 of the secret (hex). A fast hash is enough here, unlike for passwords: the secret has
 * 256 bits of entropy, so there is nothing to brute-force.
 */
export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time check of a presented secret against a stored hash. */
export function refreshSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashRefreshSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
