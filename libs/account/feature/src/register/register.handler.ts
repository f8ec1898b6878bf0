import { Inject, Injectable } from '@nestjs/common';
import type { Session } from '@newsreel/account-contracts';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
  USER_REPOSITORY,
  type User,
  type UserRepository,
  UsernameTakenError,
} from '@newsreel/account-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { v7 } from 'uuid';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { LoginThrottle } from '../limits/login-throttle';
import { SignupLimit } from '../limits/signup-limit';
import { SessionIssuer } from '../session/session-issuer';
import type { RegisterCommand } from './register.command';

/**
 * Registers a user (unique username, scrypt-hashed password) and starts their first session.
 * Sign-ups per client address are limited ({@link SignupLimit}) before anything else is done.
 */
@Injectable()
export class RegisterHandler {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SessionIssuer) private readonly sessions: SessionIssuer,
    @Inject(SignupLimit) private readonly signups: SignupLimit,
    @Inject(LoginThrottle) private readonly logins: LoginThrottle,
  ) {}

  async execute(command: RegisterCommand): Promise<Session> {
    await this.signups.admit(command.clientIp);
    // Checked first only to skip the expensive hash for a name that is obviously taken; the
    // unique index is what actually decides (see the catch below).
    if (await this.users.findByUsername(command.username)) throw usernameTaken();
    const user: User = {
      id: v7(),
      username: command.username,
      displayName: command.displayName ?? command.username,
      passwordHash: await this.hasher.hash(command.password),
      roles: [],
      createdAt: this.clock.now(),
    };
    try {
      await this.users.insert(user);
    } catch (error) {
      // A concurrent registration of the same name got in between the check and the insert.
      if (error instanceof UsernameTakenError) throw usernameTaken();
      throw error;
    }
    // Failed logins counted for this name were guesses at a name nobody had: start clean.
    await this.logins.forgetUsername(user.username);
    return this.sessions.start(user);
  }
}

function usernameTaken(): RpcError {
  return new RpcError(RpcStatus.ALREADY_EXISTS, 'Username is taken');
}
