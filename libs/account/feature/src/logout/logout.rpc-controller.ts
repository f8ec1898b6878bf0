import { Controller, Inject } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { LogoutHandler } from './logout.handler';

/** RPC `newsreel.account.v1.logout`. */
@Controller()
export class LogoutRpcController {
  constructor(@Inject(LogoutHandler) private readonly handler: LogoutHandler) {}

  @RpcMethod(AccountContract, 'logout')
  logout(request: ParsedRequestOf<AccountContract, 'logout'>): Promise<Record<string, never>> {
    return this.handler.execute({ refreshToken: request.refreshToken });
  }
}
