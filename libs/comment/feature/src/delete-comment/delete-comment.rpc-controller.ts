import { Controller } from '@nestjs/common';
import { CommentContract } from '@newsreel/comment-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import type { DeleteCommentCommand } from './delete-comment.command';
import { DeleteCommentHandler } from './delete-comment.handler';

@Controller()
export class DeleteCommentRpcController {
  constructor(private readonly handler: DeleteCommentHandler) {}

  @RpcMethod(CommentContract, 'delete')
  async delete(request: DeleteCommentCommand) {
    await this.handler.execute(request);
    return {};
  }
}
