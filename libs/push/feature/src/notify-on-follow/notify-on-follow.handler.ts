import { Inject, Injectable } from '@nestjs/common';
import type { AccountFollowed } from '@newsreel/account-contracts';
import { type PushTransaction, whoToNotifyOfFollow } from '@newsreel/push-domain';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { EventContext, EventHandler } from '@newsreel/shared-messaging';
import { Notifier } from '../shared/notifier';

/** `account.followed.v1` -> the followee gets a `follow` notification. */
@Injectable()
export class NotifyOnFollowHandler implements EventHandler<
  typeof AccountFollowed,
  PushTransaction
> {
  constructor(@Inject(Notifier) private readonly notifier: Notifier) {}

  async handle(
    payload: EventPayload<typeof AccountFollowed>,
    context: EventContext<PushTransaction>,
  ): Promise<void> {
    await this.notifier.notify(whoToNotifyOfFollow(payload), payload.occurredAt, context);
  }
}
