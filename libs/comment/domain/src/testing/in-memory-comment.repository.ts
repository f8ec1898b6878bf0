import type {
  Comment,
  CommentEvent,
  CommentPageQuery,
  CommentRepository,
  CommentTransaction,
} from '..';
import { type PublishedEvent, RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';

/**
 * A {@link CommentRepository} in a Map, for unit tests of the use cases. Like the real adapter,
 * it keeps a transaction's rows and events only when its work succeeds: an event is recorded
 * only together with the change that caused it.
 */
export class InMemoryCommentRepository implements CommentRepository {
  rows = new Map<string, Comment>();
  /** Events of committed transactions, in commit order. */
  readonly events: PublishedEvent[] = [];

  async run<T>(work: (tx: CommentTransaction) => Promise<T>): Promise<T> {
    const tx = new InMemoryCommentTransaction(new Map(this.rows));
    const result = await work(tx);
    this.rows = tx.rows;
    this.events.push(...tx.published);
    await tx.committed();
    return result;
  }

  findById(id: string): Promise<Comment | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
  }

  page(query: CommentPageQuery): Promise<Comment[]> {
    const rows = [...this.rows.values()]
      .filter((c) => c.videoId === query.videoId)
      .filter((c) => !query.afterId || c.id > query.afterId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, query.limit)
      .map((c) => ({ ...c }));
    return Promise.resolve(rows);
  }
}

class InMemoryCommentTransaction
  extends RecordingTransaction<CommentEvent>
  implements CommentTransaction
{
  constructor(readonly rows: Map<string, Comment>) {
    super();
  }

  insert(comment: Comment): Promise<void> {
    if (this.rows.has(comment.id)) return Promise.reject(new Error(`duplicate id ${comment.id}`));
    this.rows.set(comment.id, { ...comment });
    return Promise.resolve();
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(id));
  }
}
