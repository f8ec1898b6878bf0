import { Controller } from '@nestjs/common';
import { RpcMethod } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { GetVideoHandler } from './get-video.handler';

@Controller()
export class GetVideoRpcController {
  constructor(private readonly handler: GetVideoHandler) {}

  @RpcMethod(VideoContract, 'getVideo')
  getVideo(request: { id: string }) {
    return this.handler.execute(request.id);
  }
}
