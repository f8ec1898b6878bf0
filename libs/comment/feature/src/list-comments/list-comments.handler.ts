import { Inject, Injectable } from '@nestjs/common';
import type { CommentPage } from '@newsreel/comment-contracts';
import {
  COMMENT_REPOSITORY,
  type CommentRepository,
  decodeCommentCursor,
  encodeCommentCursor,
} from '@newsreel/comment-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { toCommentDto } from '../shared/comment.mapper';
import type { ListCommentsQuery } from './list-comments.query';

/** Page size when the caller gives none. */
export const DEFAULT_COMMENT_PAGE_SIZE = 20;
/** Largest page served. */
export const MAX_COMMENT_PAGE_SIZE = 50;

/**
 * A video's comments, oldest first (a conversation reads top-down), replies in the same list
 * with their `parentId`, paginated by keyset on the UUIDv7 id. The contract already bounds
 * `limit`; the use case applies the same bounds for callers that skip the RPC boundary.
 */
@Injectable()
export class ListCommentsHandler {
  constructor(@Inject(COMMENT_REPOSITORY) private readonly comments: CommentRepository) {}

  async execute(query: ListCommentsQuery): Promise<CommentPage> {
    const afterId = query.cursor === undefined ? undefined : decodeCommentCursor(query.cursor);
    if (query.cursor !== undefined && afterId === undefined) {
      throw new RpcError(RpcStatus.INVALID_ARGUMENT, 'Invalid cursor', [
        { path: 'cursor', message: 'Invalid cursor' },
      ]);
    }
    const limit = Math.min(
      Math.max(query.limit ?? DEFAULT_COMMENT_PAGE_SIZE, 1),
      MAX_COMMENT_PAGE_SIZE,
    );
    // One extra row tells whether another page exists without a COUNT.
    const rows = await this.comments.page({ videoId: query.videoId, afterId, limit: limit + 1 });
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCommentCursor(items[items.length - 1].id) : null;
    return { items: items.map(toCommentDto), nextCursor };
  }
}
