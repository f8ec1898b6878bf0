import { Module } from '@nestjs/common';
import { CommentDataAccessModule } from '@newsreel/comment-data-access';
import { SENSITIVE_WORDS } from '@newsreel/comment-domain';
import { MessagingModule } from '@newsreel/shared-messaging';
import { CLOCK, systemClock } from '@newsreel/shared-clock';
import { DeleteCommentHandler } from './delete-comment/delete-comment.handler';
import { DeleteCommentRpcController } from './delete-comment/delete-comment.rpc-controller';
import { ListCommentsHandler } from './list-comments/list-comments.handler';
import { ListCommentsRpcController } from './list-comments/list-comments.rpc-controller';
import { PostCommentHandler } from './post-comment/post-comment.handler';
import { PostCommentRpcController } from './post-comment/post-comment.rpc-controller';
import { ConfigSensitiveWords } from './shared/config-sensitive-words';

/**
 * Everything the comment service does besides `ping`: post, list and delete comments over RPC
 * (`CommentContract`), each write with its event through the transactional outbox. Brings its
 * own database (the `comments` table plus outbox and inbox) and the Kafka relay; it consumes no
 * events. Needs `PlatformModule.forService('comment', CommentContract)` beside it.
 */
@Module({
  imports: [
    MessagingModule.forService({ subscriptions: [] }),
    CommentDataAccessModule,
  ],
  controllers: [PostCommentRpcController, ListCommentsRpcController, DeleteCommentRpcController],
  providers: [
    PostCommentHandler,
    ListCommentsHandler,
    DeleteCommentHandler,
    { provide: SENSITIVE_WORDS, useClass: ConfigSensitiveWords },
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class CommentFeatureModule {}
