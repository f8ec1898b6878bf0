import { Module } from '@nestjs/common';
import {
  FOLLOW_REPOSITORY,
  REFRESH_TOKEN_REPOSITORY,
  USER_REPOSITORY,
} from '@newsreel/account-domain';
import { withMessagingTables } from '@newsreel/shared-messaging';
import { PersistenceModule, type PersistenceParts } from '@newsreel/shared-persistence';
import { FollowRecord } from './follow.record';
import { RefreshTokenRecord } from './refresh-token.record';
import { UserRecord } from './user.record';
import { CreateAccountTables1767312000000 } from './migrations/1767312000000-create-account-tables.migration';
import { AddUserRoles1767314000000 } from './migrations/1767314000000-add-user-roles.migration';
import { IndexFollowers1767313000000 } from './migrations/1767313000000-index-followers.migration';
import { TypeOrmFollowRepository } from './typeorm-follow.repository';
import { TypeOrmRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeOrmUserRepository } from './typeorm-user.repository';

/** The account database's schema: its tables, oldest migration first, plus the outbox and inbox. */
export const ACCOUNT_PERSISTENCE: PersistenceParts = withMessagingTables({
  entities: [UserRecord, RefreshTokenRecord, FollowRecord],
  migrations: [
    CreateAccountTables1767312000000,
    IndexFollowers1767313000000,
    AddUserRoles1767314000000,
  ],
});

/**
 * The account database (its own, per service) and the TypeORM adapters of the repository ports.
 * Needs the `TypeOrmUnitOfWork` of `MessagingModule.forService(...)` beside it.
 */
@Module({
  imports: [PersistenceModule.forService(ACCOUNT_PERSISTENCE)],
  providers: [
    { provide: USER_REPOSITORY, useClass: TypeOrmUserRepository },
    { provide: REFRESH_TOKEN_REPOSITORY, useClass: TypeOrmRefreshTokenRepository },
    { provide: FOLLOW_REPOSITORY, useClass: TypeOrmFollowRepository },
  ],
  exports: [USER_REPOSITORY, REFRESH_TOKEN_REPOSITORY, FOLLOW_REPOSITORY],
})
export class AccountDataAccessModule {}
