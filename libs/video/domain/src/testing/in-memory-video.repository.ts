import { type PublishedEvent, RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';
import type {
  CountDelta,
  FeedQuery,
  Video,
  VideoEvent,
  VideoRepository,
  VideoTransaction,
} from '../video';

/**
 * A {@link VideoRepository} in a Map, for unit tests of the use cases. A transaction writes to a
 * copy that replaces the rows only when `work` succeeds, and its events reach `published` only
 * then, as with the real outbox.
 */
export class InMemoryVideoRepository implements VideoRepository {
  rows = new Map<string, Video>();
  /** Events of committed transactions, in commit order. */
  readonly published: PublishedEvent[] = [];

  async run<T>(work: (tx: VideoTransaction) => Promise<T>): Promise<T> {
    const tx = new InMemoryVideoTransaction(
      new Map([...this.rows].map(([id, video]) => [id, { ...video }])),
    );
    const result = await work(tx);
    this.rows = tx.rows;
    this.published.push(...tx.published);
    await tx.committed();
    return result;
  }

  findById(id: string): Promise<Video | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
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

  countByAuthor(authorId: string): Promise<number> {
    return Promise.resolve([...this.rows.values()].filter((v) => v.authorId === authorId).length);
  }
}

class InMemoryVideoTransaction
  extends RecordingTransaction<VideoEvent>
  implements VideoTransaction
{
  constructor(readonly rows: Map<string, Video>) {
    super();
  }

  insert(video: Video): Promise<void> {
    if (this.rows.has(video.id)) return Promise.reject(new Error(`duplicate id ${video.id}`));
    this.rows.set(video.id, { ...video });
    return Promise.resolve();
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(id));
  }

  adjustCounts(videoId: string, delta: CountDelta): Promise<void> {
    const row = this.rows.get(videoId);
    if (row) {
      row.likeCount = Math.max(0, row.likeCount + (delta.likes ?? 0));
      row.commentCount = Math.max(0, row.commentCount + (delta.comments ?? 0));
    }
    return Promise.resolve();
  }
}
