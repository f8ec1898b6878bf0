import { Inject, Injectable } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import { type PushTransaction, whoToNotifyOfVideo } from '@newsreel/push-domain';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { EventContext, EventHandler } from '@newsreel/shared-messaging';
import { InjectRpcClient, type RpcClient } from '@newsreel/shared-rpc';
import type { VideoPublished } from '@newsreel/video-contracts';
import { Notifier } from '../shared/notifier';

/**
 * How many followers one video reaches: the most `listFollowers` returns. Larger audiences need
 * paged fan-out (or pull-based inboxes), which this reference system does not do yet.
 */
export const FAN_OUT_LIMIT = 10_000;

/**
 * `video.published.v1` -> every follower of the author gets a `video` notification. The
 * follow graph belongs to account, so push asks it over RPC. If account is down the call
 * throws, the transaction rolls back, and the messaging lib retries (then dead-letters): a
 * delayed notification, never a partial fan-out.
 */
@Injectable()
export class NotifyOnVideoHandler implements EventHandler<typeof VideoPublished, PushTransaction> {
  constructor(
    @InjectRpcClient(AccountContract)
    private readonly account: Pick<RpcClient<AccountContract>, 'call'>,
    @Inject(Notifier) private readonly notifier: Notifier,
  ) {}

  async handle(
    payload: EventPayload<typeof VideoPublished>,
    context: EventContext<PushTransaction>,
  ): Promise<void> {
    const { ids } = await this.account.call('listFollowers', {
      userId: payload.authorId,
      limit: FAN_OUT_LIMIT,
    });
    await this.notifier.notify(whoToNotifyOfVideo(payload, ids), payload.occurredAt, context);
  }
}
