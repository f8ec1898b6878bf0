import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  PASSWORD_HASHER,
  type PasswordHasher,
  USER_REPOSITORY,
  type UserRepository,
  UsernameTakenError,
} from '@newsreel/account-domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { v7 } from 'uuid';
import { CLOCK, type Clock } from '@newsreel/shared-clock';

/** The role that opens `/api/v1/admin/*` at the gateway. */
export const ADMIN_ROLE = 'admin';

/**
 * Makes sure the admin account (`auth.adminUsername` / `auth.adminPassword`) exists, so a fresh
 * platform has someone who may read the registry, the traces and change configuration. Only
 * this service grants the role: nothing in the public API can. An existing user of that name
 * without the role (registered before the bootstrap ever ran) is left alone and reported.
 */
@Injectable()
export class AdminAccountBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.auth;
    const existing = await this.users.findByUsername(adminUsername);
    if (existing) {
      if (!existing.roles.includes(ADMIN_ROLE)) {
        this.logger.warn(
          { username: adminUsername },
          'the admin username belongs to a user without the admin role; no admin account',
        );
      }
      return;
    }
    try {
      await this.users.insert({
        id: v7(),
        username: adminUsername,
        displayName: 'Administrator',
        passwordHash: await this.hasher.hash(adminPassword),
        roles: [ADMIN_ROLE],
        createdAt: this.clock.now(),
      });
      this.logger.info({ username: adminUsername }, 'admin account created');
    } catch (error) {
      // Another instance of this service created it at the same moment.
      if (!(error instanceof UsernameTakenError)) throw error;
    }
  }
}
