import { Controller, Inject } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { ListFollowersHandler } from './list-followers.handler';

/** RPC `newsreel.account.v1.listFollowers`. */
@Controller()
export class ListFollowersRpcController {
  constructor(@Inject(ListFollowersHandler) private readonly handler: ListFollowersHandler) {}

  @RpcMethod(AccountContract, 'listFollowers')
  listFollowers(
    request: ParsedRequestOf<AccountContract, 'listFollowers'>,
  ): Promise<{ ids: string[] }> {
    return this.handler.execute({ userId: request.userId, limit: request.limit });
  }
}
