import { Inject, Injectable } from '@nestjs/common';
import type { CommentCreated } from '@newsreel/comment-contracts';
import { type PushTransaction, whoToNotifyOfComment } from '@newsreel/push-domain';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { EventContext, EventHandler } from '@newsreel/shared-messaging';
import { Notifier } from '../shared/notifier';

/**
 * `comment.created.v1` -> the parent comment's author gets a `reply`, the video's author a
 * `comment` (one notification when they are the same person).
 */
@Injectable()
export class NotifyOnCommentHandler implements EventHandler<
  typeof CommentCreated,
  PushTransaction
> {
  constructor(@Inject(Notifier) private readonly notifier: Notifier) {}

  async handle(
    payload: EventPayload<typeof CommentCreated>,
    context: EventContext<PushTransaction>,
  ): Promise<void> {
    await this.notifier.notify(whoToNotifyOfComment(payload), payload.occurredAt, context);
  }
}
