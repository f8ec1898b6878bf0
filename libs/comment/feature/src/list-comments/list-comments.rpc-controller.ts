import { Controller } from '@nestjs/common';
import { CommentContract } from '@newsreel/comment-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import { ListCommentsHandler } from './list-comments.handler';
import type { ListCommentsQuery } from './list-comments.query';

@Controller()
export class ListCommentsRpcController {
  constructor(private readonly handler: ListCommentsHandler) {}

  @RpcMethod(CommentContract, 'list')
  list(request: ListCommentsQuery) {
    return this.handler.execute(request);
  }
}
