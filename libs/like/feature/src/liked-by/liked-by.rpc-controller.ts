import { Controller } from '@nestjs/common';
import { LikeContract } from '@newsreel/like-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { LikedByHandler } from './liked-by.handler';
import type { LikedByQuery } from './liked-by.query';

/** `newsreel.like.v1.likedBy`. */
@Controller()
export class LikedByRpcController {
  constructor(private readonly handler: LikedByHandler) {}

  @RpcMethod(LikeContract, 'likedBy')
  likedBy(request: LikedByQuery) {
    return this.handler.execute(request);
  }
}
