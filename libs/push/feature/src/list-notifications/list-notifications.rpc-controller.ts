import { Controller, Inject } from '@nestjs/common';
import { PushContract } from '@newsreel/push-contracts';
import type { ParsedRequestOf, ResponseOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { ListNotificationsHandler } from './list-notifications.handler';

/** RPC `newsreel.push.v1.list`. */
@Controller()
export class ListNotificationsRpcController {
  constructor(
    @Inject(ListNotificationsHandler) private readonly handler: ListNotificationsHandler,
  ) {}

  @RpcMethod(PushContract, 'list')
  list(request: ParsedRequestOf<PushContract, 'list'>): Promise<ResponseOf<PushContract, 'list'>> {
    return this.handler.execute(request);
  }
}
