import { Module } from '@nestjs/common';
import { COMMENT_REPOSITORY } from '@newsreel/comment-domain';
import { withMessagingTables } from '@newsreel/shared-messaging';
import { PersistenceModule, type PersistenceParts } from '@newsreel/shared-persistence';
import { CommentRecord } from './comment.record';
import { CreateComments1763900000000 } from './migrations/1763900000000-create-comments.migration';
import { TypeOrmCommentRepository } from './typeorm-comment.repository';

/** The comment database's schema: the `comments` table plus the outbox and inbox. */
export const COMMENT_PERSISTENCE: PersistenceParts = withMessagingTables({
  entities: [CommentRecord],
  migrations: [CreateComments1763900000000],
});

/**
 * The comment database (its own, per service) and the TypeORM adapter of the `CommentRepository`
 * port. Needs the `TypeOrmUnitOfWork` of `MessagingModule.forService(...)` beside it.
 */
@Module({
  imports: [PersistenceModule.forService(COMMENT_PERSISTENCE)],
  providers: [{ provide: COMMENT_REPOSITORY, useClass: TypeOrmCommentRepository }],
  exports: [COMMENT_REPOSITORY],
})
export class CommentDataAccessModule {}
