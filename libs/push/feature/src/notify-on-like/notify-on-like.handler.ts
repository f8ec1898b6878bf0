import { Inject, Injectable } from '@nestjs/common';
import type { LikeCreated } from '@newsreel/like-contracts';
import { type PushTransaction, whoToNotifyOfLike } from '@newsreel/push-domain';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { EventContext, EventHandler } from '@newsreel/shared-messaging';
import { Notifier } from '../shared/notifier';

/** `like.created.v1` -> the video's author gets a `like` notification. */
@Injectable()
export class NotifyOnLikeHandler implements EventHandler<typeof LikeCreated, PushTransaction> {
  constructor(@Inject(Notifier) private readonly notifier: Notifier) {}

  async handle(
    payload: EventPayload<typeof LikeCreated>,
    context: EventContext<PushTransaction>,
  ): Promise<void> {
    await this.notifier.notify(whoToNotifyOfLike(payload), payload.occurredAt, context);
  }
}
