import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '@newsreel/account-contracts';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshToken,
  type RefreshTokenRepository,
  SESSION_SETTINGS,
  type SessionSettings,
  type User,
  formatRefreshToken,
  hashRefreshSecret,
  newRefreshSecret,
  toPublicUser,
} from '@newsreel/account-domain';
import { AccessTokens } from '@newsreel/shared-auth';
import { v7 } from 'uuid';
import { CLOCK, type Clock } from '@newsreel/shared-clock';

/** A refresh token about to be stored, and the string only its owner will ever see. */
export interface IssuedRefreshToken {
  record: RefreshToken;
  token: string;
}

/**
 * Issues sessions: a signed access token plus a refresh token, of a new family (register, login)
 * or of an existing one (rotation, see `RefreshHandler`).
 */
@Injectable()
export class SessionIssuer {
  constructor(
    @Inject(AccessTokens) private readonly accessTokens: AccessTokens,
    @Inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  /** A new session for `user`: a new token family, stored, and its first access token. */
  async start(user: User): Promise<Session> {
    const refresh = this.newRefreshToken(user.id, v7());
    await this.refreshTokens.insert(refresh.record);
    return this.session(user, refresh.token, refresh.record.familyId);
  }

  /** A refresh token of `familyId`, not stored yet. */
  newRefreshToken(userId: string, familyId: string): IssuedRefreshToken {
    const now = this.clock.now();
    const id = v7();
    const secret = newRefreshSecret();
    const record: RefreshToken = {
      id,
      familyId,
      userId,
      secretHash: hashRefreshSecret(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.refreshTokenTtlSec * 1000),
      usedAt: null,
      revokedAt: null,
    };
    return { record, token: formatRefreshToken({ id, secret }) };
  }

  /**
   * The reply to register, login and refresh. The access token names its session (`sid`: the
   * refresh-token family), so revoking the family ends it at the gateways too.
   */
  async session(user: User, refreshToken: string, sessionId: string): Promise<Session> {
    const accessToken = await this.accessTokens.sign({
      sub: user.id,
      username: user.username,
      roles: user.roles,
      sid: sessionId,
    });
    return {
      user: toPublicUser(user),
      accessToken,
      refreshToken,
      expiresIn: this.accessTokens.ttlSec,
    };
  }
}
