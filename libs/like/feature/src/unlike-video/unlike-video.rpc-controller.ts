import { Controller } from '@nestjs/common';
import { LikeContract } from '@newsreel/like-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import type { UnlikeVideoCommand } from './unlike-video.command';
import { UnlikeVideoHandler } from './unlike-video.handler';

/** `newsreel.like.v1.unlike`. */
@Controller()
export class UnlikeVideoRpcController {
  constructor(private readonly handler: UnlikeVideoHandler) {}

  @RpcMethod(LikeContract, 'unlike')
  unlike(request: UnlikeVideoCommand) {
    return this.handler.execute(request);
  }
}
