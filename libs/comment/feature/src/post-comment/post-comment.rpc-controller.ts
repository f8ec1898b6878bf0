import { Controller } from '@nestjs/common';
import { CommentContract } from '@newsreel/comment-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import type { PostCommentCommand } from './post-comment.command';
import { PostCommentHandler } from './post-comment.handler';

@Controller()
export class PostCommentRpcController {
  constructor(private readonly handler: PostCommentHandler) {}

  @RpcMethod(CommentContract, 'post')
  post(request: PostCommentCommand) {
    return this.handler.execute(request);
  }
}
