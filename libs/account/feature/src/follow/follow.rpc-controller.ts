import { Controller, Inject } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { FollowHandler } from './follow.handler';

/** RPC `newsreel.account.v1.follow`. */
@Controller()
export class FollowRpcController {
  constructor(@Inject(FollowHandler) private readonly handler: FollowHandler) {}

  @RpcMethod(AccountContract, 'follow')
  follow(request: ParsedRequestOf<AccountContract, 'follow'>): Promise<Record<string, never>> {
    return this.handler.execute({ followerId: request.followerId, followeeId: request.followeeId });
  }
}
