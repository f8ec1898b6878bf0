import type { CountDelta, FeedQuery, UnitOfWork, Video, VideoRepository } from '../video';

/** A {@link VideoRepository} in a Map, for unit tests of the use cases. */
export class InMemoryVideoRepository implements VideoRepository {
  readonly rows = new Map<string, Video>();

  save(video: Video): Promise<void> {
    this.rows.set(video.id, { ...video });
    return Promise.resolve();
  }

  findById(id: string): Promise<Video | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(id));
  }

  page(query: FeedQuery): Promise<Video[]> {
    const rows = [...this.rows.values()]
      .filter((v) => !query.category || v.category === query.category)
      .filter((v) => !query.authorIds || query.authorIds.includes(v.authorId))
      .filter((v) => !query.beforeId || v.id < query.beforeId)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit);
    return Promise.resolve(rows);
  }

  adjustCounts(videoId: string, delta: CountDelta, _work: UnitOfWork): Promise<void> {
    const row = this.rows.get(videoId);
    if (row) {
      row.likeCount = Math.max(0, row.likeCount + (delta.likes ?? 0));
      row.commentCount = Math.max(0, row.commentCount + (delta.comments ?? 0));
    }
    return Promise.resolve();
  }

  countByAuthor(authorId: string): Promise<number> {
    return Promise.resolve([...this.rows.values()].filter((v) => v.authorId === authorId).length);
  }
}
