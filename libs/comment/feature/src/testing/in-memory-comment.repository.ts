import type {
  Comment,
  CommentCreatedEvent,
  CommentDeletedEvent,
  CommentPageQuery,
  CommentRepository,
} from '@newsreel/comment-domain';

/** An event the fake "wrote to the outbox", with the partition key the adapter would use. */
export type RecordedCommentEvent =
  | { topic: 'comment.created.v1'; key: string; payload: CommentCreatedEvent }
  | { topic: 'comment.deleted.v1'; key: string; payload: CommentDeletedEvent };

/**
 * A {@link CommentRepository} in a Map, for unit tests of the use cases. Like the real adapter,
 * it records an event only together with the change that caused it.
 */
export class InMemoryCommentRepository implements CommentRepository {
  readonly rows = new Map<string, Comment>();
  readonly events: RecordedCommentEvent[] = [];

  insert(comment: Comment, created: CommentCreatedEvent): Promise<void> {
    if (this.rows.has(comment.id)) return Promise.reject(new Error(`duplicate id ${comment.id}`));
    this.rows.set(comment.id, { ...comment });
    this.events.push({ topic: 'comment.created.v1', key: comment.videoId, payload: created });
    return Promise.resolve();
  }

  findById(id: string): Promise<Comment | undefined> {
    const row = this.rows.get(id);
    return Promise.resolve(row && { ...row });
  }

  delete(id: string, deleted: CommentDeletedEvent): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row) return Promise.resolve(false);
    this.rows.delete(id);
    this.events.push({ topic: 'comment.deleted.v1', key: row.videoId, payload: deleted });
    return Promise.resolve(true);
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
