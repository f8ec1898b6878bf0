import { Controller, Inject } from '@nestjs/common';
import { AccountContract, type Session } from '@newsreel/account-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod, callerClientIp } from '@newsreel/shared-rpc';
import { RegisterHandler } from './register.handler';

/** RPC `newsreel.account.v1.register`. */
@Controller()
export class RegisterRpcController {
  constructor(@Inject(RegisterHandler) private readonly handler: RegisterHandler) {}

  @RpcMethod(AccountContract, 'register')
  register(request: ParsedRequestOf<AccountContract, 'register'>): Promise<Session> {
    return this.handler.execute({
      username: request.username,
      password: request.password,
      displayName: request.displayName,
      clientIp: callerClientIp(),
    });
  }
}
