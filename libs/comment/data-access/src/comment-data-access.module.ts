import { Module } from '@nestjs/common';
import { COMMENT_REPOSITORY } from '@newsreel/comment-domain';
import { MESSAGING_PERSISTENCE } from '@newsreel/shared-messaging';
import type { PersistenceParts } from '@newsreel/shared-persistence';
import { CommentRecord } from './comment.record';
import { CreateComments1763900000000 } from './migrations/1763900000000-create-comments.migration';
import { TypeOrmCommentRepository } from './typeorm-comment.repository';

/**
 * The comment database's schema, for `PersistenceModule.forService(COMMENT_PERSISTENCE)`: the
 * `comments` table plus the outbox and inbox tables of shared-messaging.
 */
export const COMMENT_PERSISTENCE: PersistenceParts = {
  entities: [CommentRecord, ...MESSAGING_PERSISTENCE.entities],
  migrations: [...MESSAGING_PERSISTENCE.migrations, CreateComments1763900000000],
};

/**
 * Binds the `CommentRepository` port to its TypeORM adapter. Needs the `DataSource` of
 * `PersistenceModule.forService(COMMENT_PERSISTENCE)` and the `TypeOrmUnitOfWork` of
 * `MessagingModule.forService(...)`, both imported beside it (see CommentFeatureModule).
 */
@Module({
  providers: [{ provide: COMMENT_REPOSITORY, useClass: TypeOrmCommentRepository }],
  exports: [COMMENT_REPOSITORY],
})
export class CommentDataAccessModule {}
