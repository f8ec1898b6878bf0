import { Controller } from '@nestjs/common';
import { RpcMethod } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { type ListFeedQuery, ListFeedHandler } from './list-feed.handler';

@Controller()
export class ListFeedRpcController {
  constructor(private readonly handler: ListFeedHandler) {}

  @RpcMethod(VideoContract, 'feed')
  feed(request: ListFeedQuery) {
    return this.handler.execute(request);
  }
}
