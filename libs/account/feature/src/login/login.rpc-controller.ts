import { Controller, Inject } from '@nestjs/common';
import { AccountContract, type Session } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod, callerClientIp } from '@newsreel/shared-rpc';
import { LoginHandler } from './login.handler';

/** RPC `newsreel.account.v1.login`. */
@Controller()
export class LoginRpcController {
  constructor(@Inject(LoginHandler) private readonly handler: LoginHandler) {}

  @RpcMethod(AccountContract, 'login')
  login(request: ParsedRequestOf<AccountContract, 'login'>): Promise<Session> {
    return this.handler.execute({
      username: request.username,
      password: request.password,
      clientIp: callerClientIp(),
    });
  }
}
