import { Controller, Inject } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { ListFollowingHandler } from './list-following.handler';

/** RPC `newsreel.account.v1.listFollowing`. */
@Controller()
export class ListFollowingRpcController {
  constructor(@Inject(ListFollowingHandler) private readonly handler: ListFollowingHandler) {}

  @RpcMethod(AccountContract, 'listFollowing')
  listFollowing(
    request: ParsedRequestOf<AccountContract, 'listFollowing'>,
  ): Promise<{ ids: string[] }> {
    return this.handler.execute({ userId: request.userId, limit: request.limit });
  }
}
