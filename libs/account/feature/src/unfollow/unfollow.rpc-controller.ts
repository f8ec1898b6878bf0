import { Controller, Inject } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { UnfollowHandler } from './unfollow.handler';

/** RPC `newsreel.account.v1.unfollow`. */
@Controller()
export class UnfollowRpcController {
  constructor(@Inject(UnfollowHandler) private readonly handler: UnfollowHandler) {}

  @RpcMethod(AccountContract, 'unfollow')
  unfollow(request: ParsedRequestOf<AccountContract, 'unfollow'>): Promise<Record<string, never>> {
    return this.handler.execute({ followerId: request.followerId, followeeId: request.followeeId });
  }
}
