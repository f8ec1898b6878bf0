import { Controller } from '@nestjs/common';
import { RpcMethod } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { type PublishVideoCommand, PublishVideoHandler } from './publish-video.handler';

@Controller()
export class PublishVideoRpcController {
  constructor(private readonly handler: PublishVideoHandler) {}

  @RpcMethod(VideoContract, 'publish')
  publish(request: PublishVideoCommand) {
    return this.handler.execute(request);
  }
}
