import { Inject, Injectable } from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { Category, VideoPage } from '@newsreel/video-contracts';
import {
  VIDEO_REPOSITORY,
  type VideoRepository,
  decodeCursor,
  encodeCursor,
} from '@newsreel/video-domain';
import { VideoCache } from '../shared/video-cache';
import { toVideoDto } from '../shared/video.mapper';

/** A feed request once validated by the contract. */
export interface ListFeedQuery {
  category?: Category;
  authorIds?: string[];
  cursor?: string;
  limit: number;
}

/**
 * Feeds, newest first, with keyset pagination. Pages of the shared feeds (global, category, one
 * author) are cached; a following feed (a per-user author set) is not, as it is rarely shared.
 */
@Injectable()
export class ListFeedHandler {
  constructor(
    @Inject(VIDEO_REPOSITORY) private readonly videos: VideoRepository,
    private readonly cache: VideoCache,
  ) {}

  async execute(query: ListFeedQuery): Promise<VideoPage> {
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && beforeId === undefined) {
      throw new RpcError(RpcStatus.INVALID_ARGUMENT, 'Invalid cursor', [
        { path: 'cursor', message: 'Invalid cursor' },
      ]);
    }
    const load = () => this.load(query, beforeId);
    const authors = query.authorIds;
    if (authors && authors.length > 1) return load();
    const key = [
      query.category ?? 'all',
      authors?.[0] ?? 'anyone',
      beforeId ?? 'first',
      query.limit,
    ].join(':');
    return this.cache.feedPage(key, load);
  }

  private async load(query: ListFeedQuery, beforeId: string | undefined): Promise<VideoPage> {
    // One extra row tells whether another page exists without a COUNT.
    const rows = await this.videos.page({
      category: query.category,
      authorIds: query.authorIds,
      beforeId,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const nextCursor = rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null;
    return { items: items.map(toVideoDto), nextCursor };
  }
}
