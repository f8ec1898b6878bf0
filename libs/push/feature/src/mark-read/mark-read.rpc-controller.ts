import { Controller, Inject } from '@nestjs/common';
import { PushContract } from '@newsreel/push-contracts';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { MarkReadHandler } from './mark-read.handler';

/** RPC `newsreel.push.v1.markRead`. */
@Controller()
export class MarkReadRpcController {
  constructor(@Inject(MarkReadHandler) private readonly handler: MarkReadHandler) {}

  @RpcMethod(PushContract, 'markRead')
  markRead(request: ParsedRequestOf<PushContract, 'markRead'>): Promise<Record<string, never>> {
    return this.handler.execute(request);
  }
}
