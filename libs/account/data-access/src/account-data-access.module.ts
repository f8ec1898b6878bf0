import { Module } from '@nestjs/common';
import {
  FOLLOW_REPOSITORY,
  REFRESH_TOKEN_REPOSITORY,
  USER_REPOSITORY,
} from '@newsreel/account-domain';
import { MESSAGING_PERSISTENCE } from '@newsreel/shared-messaging';
import type { PersistenceParts } from '@newsreel/shared-persistence';
import { FollowRecord } from './follow.record';
import { RefreshTokenRecord } from './refresh-token.record';
import { UserRecord } from './user.record';
import { CreateAccountTables1767312000000 } from './migrations/1767312000000-create-account-tables.migration';
import { AddUserRoles1767314000000 } from './migrations/1767314000000-add-user-roles.migration';
import { IndexFollowers1767313000000 } from './migrations/1767313000000-index-followers.migration';
import { TypeOrmFollowRepository } from './typeorm-follow.repository';
import { TypeOrmRefreshTokenRepository } from './typeorm-refresh-token.repository';
import { TypeOrmUserRepository } from './typeorm-user.repository';

/**
 * The account schema, for `PersistenceModule.forService(ACCOUNT_PERSISTENCE)`: its entities and
 * migrations, in order, plus the messaging outbox and inbox.
 */
export const ACCOUNT_PERSISTENCE: PersistenceParts = {
  entities: [
    UserRecord,
    RefreshTokenRecord,
    FollowRecord,
    ...MESSAGING_PERSISTENCE.entities,
  ],
  migrations: [
    CreateAccountTables1767312000000,
    IndexFollowers1767313000000,
    AddUserRoles1767314000000,
    ...MESSAGING_PERSISTENCE.migrations,
  ],
};

/**
 * Binds the account repository ports to their TypeORM adapters. Needs the `DataSource` and
 * `TransactionRunner` of a `PersistenceModule.forService(ACCOUNT_PERSISTENCE)` imported alongside
 * (that module is global).
 */
@Module({
  providers: [
    { provide: USER_REPOSITORY, useClass: TypeOrmUserRepository },
    { provide: REFRESH_TOKEN_REPOSITORY, useClass: TypeOrmRefreshTokenRepository },
    { provide: FOLLOW_REPOSITORY, useClass: TypeOrmFollowRepository },
  ],
  exports: [USER_REPOSITORY, REFRESH_TOKEN_REPOSITORY, FOLLOW_REPOSITORY],
})
export class AccountDataAccessModule {}
