import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '@newsreel/account-contracts';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
  USER_REPOSITORY,
  type UserRepository,
} from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { SessionIssuer } from '../session/session-issuer';
import type { LoginCommand } from './login.command';

/**
 * Checks a username and password and starts a session. Unknown user and wrong password are
 * indistinguishable: same error, and the same scrypt work (the hasher verifies against a dummy
 * hash when there is no user), so neither the reply nor its timing reveals which names exist.
 */
@Injectable()
export class LoginHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
  ) {}

  async execute(command: LoginCommand): Promise<Session> {
    // Usernames are stored lowercase, so "Alice" is alice, not a different (missing) user.
    const user = await this.users.findByUsername(command.username.toLowerCase());
    const valid = await this.hasher.verify(command.password, user?.passwordHash);
    if (!user || !valid)
      throw new RpcError(RpcStatus.UNAUTHENTICATED, 'Invalid username or password');
    return this.sessions.start(user);
  }
}
