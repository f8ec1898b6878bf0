import { Inject, Injectable } from '@nestjs/common';
import {
  REFRESH_TOKEN_REPOSITORY,
  type RefreshTokenRepository,
  parseRefreshToken,
  refreshSecretMatches,
} from '@newsreel/account-domain';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { revokeSession } from '../session/revoke-session';
import type { LogoutCommand } from './logout.command';

/**
 * Revokes the token's whole family (every refresh token of that login), so the session cannot
 * be renewed. Always succeeds: a malformed, unknown or already revoked token gets the same empty
 * reply, so logout cannot be used to probe which tokens exist. A token whose secret does not
 * match revokes nothing (knowing an id is not owning the session).
 */
@Injectable()
export class LogoutHandler {
  constructor(
    @Inject(REFRESH_TOKEN_REPOSITORY) private readonly refreshTokens: RefreshTokenRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: LogoutCommand): Promise<Record<string, never>> {
    const parts = parseRefreshToken(command.refreshToken);
    const stored = parts && (await this.refreshTokens.findById(parts.id));
    if (parts && stored && refreshSecretMatches(parts.secret, stored.secretHash)) {
      await revokeSession(this.refreshTokens, stored.familyId, stored.userId, this.clock.now());
    }
    return {};
  }
}
