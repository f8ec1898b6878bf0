import { SignJWT, errors, jwtVerify } from 'jose';

/** Claims the platform puts in an access token (no personal data beyond the username). */
export interface AccessClaims {
  /** User id. */
  sub: string;
  username: string;
  /** Roles granted by the account service (`admin` opens `/api/v1/admin/*`); absent = none. */
  roles?: string[];
}

/** Settings of {@link AccessTokens} (from `config.auth`). */
export interface AccessTokenSettings {
  jwtSecret: string;
  issuer: string;
  audience: string;
  accessTokenTtlSec: number;
}

/** Why a token was refused; the gateway answers 401 either way, logs say which. */
export class InvalidAccessToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidAccessToken';
  }
}

// Pinned: a token with any other `alg` (including `none`) is refused before its signature is read.
const ALGORITHM = 'HS256';

/**
 * Issues (account service) and verifies (gateway) short-lived JWT access tokens: HS256 only,
 * `iss`, `aud` and `exp` checked, a small clock tolerance for skew between processes.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly settings: AccessTokenSettings) {
    this.key = new TextEncoder().encode(settings.jwtSecret);
  }

  get ttlSec(): number {
    return this.settings.accessTokenTtlSec;
  }

  async sign(claims: AccessClaims): Promise<string> {
    const extra = claims.roles?.length ? { roles: claims.roles } : {};
    return new SignJWT({ username: claims.username, ...extra })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.accessTokenTtlSec}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 5,
      });
      if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
        throw new InvalidAccessToken('missing claims');
      }
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is string => typeof r === 'string')
        : undefined;
      return { sub: payload.sub, username: payload.username, ...(roles ? { roles } : {}) };
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidAccessToken('expired');
      if (error instanceof errors.JOSEError) throw new InvalidAccessToken(error.code);
      throw new InvalidAccessToken('malformed');
    }
  }
}
