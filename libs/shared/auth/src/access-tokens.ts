import { SignJWT, errors, jwtVerify } from 'jose';

/** Claims the platform puts in an access token (no personal data beyond the username). */
export interface AccessClaims {
  /** User id. */
  sub: string;
  username: string;
  /** Roles granted by the account service (`admin` opens `/api/v1/admin/*`); absent = none. */
  roles?: string[];
  /** The session (refresh-token family) the token belongs to; revoked sessions are refused. */
  sid?: string;
}

/** Settings of {@link AccessTokens} (from `config.auth`). */
export interface AccessTokenSettings {
  jwtSecret: string;
  issuer: string;
  audience: string;
  accessTokenTtlSec: number;
  /** Leeway for clock differences between processes (default 30 s); see {@link AccessTokens}. */
  clockSkewSec?: number;
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
// Explicit typing (RFC 8725 section 3.11, RFC 9068): an access token says it is one, so no other
// JWT signed with the same key (a future ID token, a link token) can be replayed as one.
const TOKEN_TYPE = 'at+jwt';
const DEFAULT_CLOCK_SKEW_SEC = 30;

/**
 * Issues (account service) and verifies (gateway) short-lived JWT access tokens, checked as
 * RFC 8725 (JWT best current practice) asks:
 * - the algorithm is pinned to HS256 (`none` and every other `alg` refused);
 * - the header's `typ` must be `at+jwt`;
 * - `iss` and `aud` must be ours; `sub`, `exp` and `iat` are required;
 * - `exp` and `nbf` are checked with `clockSkewSec` of leeway, and a token whose `iat` is further
 *   in the future than that is refused (a clock far ahead, or a forged lifetime);
 * - a token claiming a longer lifetime (`exp - iat`) than we issue is refused.
 */
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly skewSec: number;

  constructor(private readonly settings: AccessTokenSettings) {
    this.key = new TextEncoder().encode(settings.jwtSecret);
    this.skewSec = settings.clockSkewSec ?? DEFAULT_CLOCK_SKEW_SEC;
  }

  get ttlSec(): number {
    return this.settings.accessTokenTtlSec;
  }

  async sign(claims: AccessClaims): Promise<string> {
    const extra = {
      ...(claims.roles?.length ? { roles: claims.roles } : {}),
      ...(claims.sid ? { sid: claims.sid } : {}),
    };
    return new SignJWT({ username: claims.username, ...extra })
      .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
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
        typ: TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: this.skewSec,
      });
      if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
        throw new InvalidAccessToken('missing claims');
      }
      // jose checks `iat` only against a maximum age; a future one must be refused here.
      const iat = payload.iat!;
      const now = Math.floor(Date.now() / 1000);
      if (iat > now + this.skewSec) throw new InvalidAccessToken('issued in the future');
      if (payload.exp! - iat > this.settings.accessTokenTtlSec + this.skewSec) {
        throw new InvalidAccessToken('lifetime longer than issued');
      }
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is string => typeof r === 'string')
        : undefined;
      const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
      return {
        sub: payload.sub,
        username: payload.username,
        ...(roles ? { roles } : {}),
        ...(sid ? { sid } : {}),
      };
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidAccessToken('expired');
      if (error instanceof errors.JOSEError) throw new InvalidAccessToken(error.code);
      throw new InvalidAccessToken('malformed');
    }
  }
}
