import { Controller, Inject } from '@nestjs/common';
import { AccountContract, type Profile } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { GetProfileHandler } from './get-profile.handler';

/** RPC `newsreel.account.v1.getProfile`. */
@Controller()
export class GetProfileRpcController {
  constructor(@Inject(GetProfileHandler) private readonly handler: GetProfileHandler) {}

  @RpcMethod(AccountContract, 'getProfile')
  getProfile(request: ParsedRequestOf<AccountContract, 'getProfile'>): Promise<Profile> {
    return this.handler.execute({ id: request.id });
  }
}
