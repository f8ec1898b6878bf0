import { Controller } from '@nestjs/common';
import { RpcMethod } from '@newsreel/shared-rpc';
import { VideoContract } from '@newsreel/video-contracts';
import { DeleteVideoHandler } from './delete-video.handler';

@Controller()
export class DeleteVideoRpcController {
  constructor(private readonly handler: DeleteVideoHandler) {}

  @RpcMethod(VideoContract, 'deleteVideo')
  async deleteVideo(request: { id: string; requesterId: string }) {
    await this.handler.execute(request.id, request.requesterId);
    return {};
  }
}
