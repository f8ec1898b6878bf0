import { Controller } from '@nestjs/common';
import { LikeContract } from '@newsreel/like-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import type { LikeVideoCommand } from './like-video.command';
import { LikeVideoHandler } from './like-video.handler';

/** `newsreel.like.v1.like`. */
@Controller()
export class LikeVideoRpcController {
  constructor(private readonly handler: LikeVideoHandler) {}

  @RpcMethod(LikeContract, 'like')
  like(request: LikeVideoCommand) {
    return this.handler.execute(request);
  }
}
