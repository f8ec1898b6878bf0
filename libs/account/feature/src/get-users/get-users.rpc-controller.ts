import { Controller, Inject } from '@nestjs/common';
import { AccountContract, type User } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { GetUsersHandler } from './get-users.handler';

/** RPC `newsreel.account.v1.getUsers`. */
@Controller()
export class GetUsersRpcController {
  constructor(@Inject(GetUsersHandler) private readonly handler: GetUsersHandler) {}

  @RpcMethod(AccountContract, 'getUsers')
  getUsers(request: ParsedRequestOf<AccountContract, 'getUsers'>): Promise<{ users: User[] }> {
    return this.handler.execute({ ids: request.ids });
  }
}
