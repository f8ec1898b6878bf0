import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '@newsreel/account-contracts';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
  USER_REPOSITORY,
  type UserRepository,
} from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LoginThrottle } from '../limits/login-throttle';
import { SessionIssuer } from '../session/session-issuer';
import type { LoginCommand } from './login.command';

/**
 * Checks a username and password and starts a session. Unknown user and wrong password are
 * indistinguishable: same error, and the same scrypt work (the hasher verifies against a dummy
 * hash when there is no user), so neither the reply nor its timing reveals which names exist.
 *
 * Guesses are throttled first ({@link LoginThrottle}): over the limit, the attempt is refused
 * before any hashing, for existing and unknown usernames alike.
 */
@Injectable()
export class LoginHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  async execute(command: LoginCommand): Promise<Session> {
    // Usernames are stored lowercase, so "Alice" is alice, not a different (missing) user.
    const username = command.username.toLowerCase();
    const attempt = await this.throttle.admit(username, command.clientIp);
    let user, valid;
    try {
      user = await this.users.findByUsername(username);
      valid = await this.hasher.verify(command.password, user?.passwordHash);
    } catch (error) {
      // No verdict on the password (no hashing slot, a database error): not a failed guess.
      await attempt.abandoned();
      throw error;
    }
    if (!user || !valid) {
      attempt.failed();
      throw new RpcError(RpcStatus.UNAUTHENTICATED, 'Invalid username or password');
    }
    await attempt.succeeded();
    return this.sessions.start(user);
  }
}
