import { Controller, Inject } from '@nestjs/common';
import { AccountContract, type Session } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { RefreshHandler } from './refresh.handler';

/** RPC `newsreel.account.v1.refresh`. */
@Controller()
export class RefreshRpcController {
  constructor(@Inject(RefreshHandler) private readonly handler: RefreshHandler) {}

  @RpcMethod(AccountContract, 'refresh')
  refresh(request: ParsedRequestOf<AccountContract, 'refresh'>): Promise<Session> {
    return this.handler.execute({ refreshToken: request.refreshToken });
  }
}
