import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '@newsreel/account-contracts';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshTokenRepository,
  USER_REPOSITORY,
  type UserRepository,
  parseRefreshToken,
  refreshSecretMatches,
} from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { revokeSession } from '../session/revoke-session';
import { SessionIssuer } from '../session/session-issuer';
import type { RefreshCommand } from './refresh.command';

/**
 * Rotates a refresh token: the presented token is marked used and a successor of the same family
 * is issued, atomically. Presenting a token that was already rotated means two parties hold it
 * (the user and a thief, and we cannot tell which is which), so the whole family is revoked and
 * both must log in again (OAuth 2.0 Security BCP, refresh token rotation).
 */
@Injectable()
export class RefreshHandler {
  constructor(
    @Inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: RefreshCommand): Promise<Session> {
    const parts = parseRefreshToken(command.refreshToken);
    const stored = parts && (await this.refreshTokens.findById(parts.id));
    // A wrong secret for a known id proves nothing about the real holder: refuse, revoke nothing.
    if (!parts || !stored || !refreshSecretMatches(parts.secret, stored.secretHash))
      throw invalidToken();

    const now = this.clock.now();
    if (stored.usedAt) return this.reuseDetected(stored.familyId, stored.userId, now);
    if (stored.revokedAt || stored.expiresAt.getTime() <= now.getTime()) throw invalidToken();

    const user = await this.users.findById(stored.userId);
    if (!user) throw invalidToken();
    const successor = this.sessions.newRefreshToken(user.id, stored.familyId);
    // Loses only to a concurrent refresh (or logout) of the same token: that is reuse too.
    if (!(await this.refreshTokens.rotate(stored.id, now, successor.record))) {
      return this.reuseDetected(stored.familyId, stored.userId, now);
    }
    return this.sessions.session(user, successor.token, stored.familyId);
  }

  private async reuseDetected(familyId: string, userId: string, now: Date): Promise<never> {
    await revokeSession(this.refreshTokens, familyId, userId, now);
    // Ids only: a token (even a used one) never goes into a log.
    this.logger.warn({ userId, familyId }, 'refresh token reuse detected; token family revoked');
    throw new RpcError(RpcStatus.UNAUTHENTICATED, 'Refresh token reuse detected');
  }
}

function invalidToken(): RpcError {
  return new RpcError(RpcStatus.UNAUTHENTICATED, 'Invalid refresh token');
}
