import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '@newsreel/account-domain';

/** scrypt cost parameters; `log2N` is the exponent of the CPU/memory cost N. */
export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
  /** Derived key length in bytes. */
  keyLength: number;
}

/**
 * OWASP Password Storage Cheat Sheet minimum for scrypt: N=2^17, r=8, p=1. That is 128 MiB
 * and about 0.3 s per hash on the reference machine; the libuv thread pool (4 threads by
 * default) bounds how many run at once, and so the memory they take.
 */
export const OWASP_SCRYPT_PARAMS: ScryptParams = { log2N: 17, r: 8, p: 1, keyLength: 32 };

const SALT_BYTES = 16;
const PREFIX = 'scrypt';
// Stored hashes are ours, but parameters read back are still bounded, so a corrupted row cannot
// make one login allocate gigabytes.
const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16], keyLength: [16, 64] } as const;

interface DecodedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/**
 * {@link PasswordHasher} with scrypt (node:crypto, off the event loop). Hashes are stored as
 * `scrypt$<log2N>$<r>$<p>$<salt b64>$<key b64>`, so parameters can be raised later and old
 * hashes still verify with the parameters they were made with.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  // Verified against when the user does not exist: same parameters, so the same cost. Its key is
  // all zeros; the result is discarded anyway.
  private readonly dummy: DecodedHash;

  constructor(private readonly params: ScryptParams = OWASP_SCRYPT_PARAMS) {
    checkParams(params);
    this.dummy = { params, salt: Buffer.alloc(SALT_BYTES), key: Buffer.alloc(params.keyLength) };
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.params);
    const { log2N, r, p } = this.params;
    return [PREFIX, log2N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const target = stored === undefined ? this.dummy : decode(stored);
    const key = await derive(password, target.salt, target.params);
    const matches = timingSafeEqual(key, target.key);
    return stored !== undefined && matches;
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  return new Promise((resolve, reject) => {
    // Node's default maxmem (32 MiB) is below what N=2^17, r=8 needs (128 * N * r = 128 MiB).
    const maxmem = 2 * 128 * N * params.r;
    scrypt(
      password.normalize('NFC'),
      salt,
      params.keyLength,
      { N, r: params.r, p: params.p, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function decode(stored: string): DecodedHash {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX)
    throw new Error('Stored password hash is not an scrypt hash');
  const [log2N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  const params = { log2N, r, p, keyLength: key.length };
  checkParams(params);
  if (salt.length < SALT_BYTES) throw new Error('Stored password hash has a short salt');
  return { params, salt, key };
}

function checkParams(params: ScryptParams): void {
  for (const name of Object.keys(LIMITS) as (keyof ScryptParams)[]) {
    const [min, max] = LIMITS[name];
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`scrypt parameter ${name}=${value} is outside ${min}..${max}`);
    }
  }
}
