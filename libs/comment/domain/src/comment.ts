import type { CommentCreated, CommentDeleted } from '@newsreel/comment-contracts';
import type { EventPayload } from '@newsreel/shared-contracts';

/**
 * A comment or a reply on a video, as the comment context stores it. Threads are flat: a reply
 * may answer a reply, and only its direct `parentId` is kept.
 */
export interface Comment {
  /** UUIDv7, so ids sort by creation time. */
  id: string;
  videoId: string;
  /**
   * The video's author when the comment was posted (the gateway passes it). Kept so deleting
   * needs no call to the video service: that author may delete any comment on the video.
   */
  videoAuthorId: string;
  authorId: string;
  /** Text as stored: sensitive words already masked. */
  text: string;
  /** The comment this one answers, on the same video; `null` for a top-level comment. */
  parentId: string | null;
  createdAt: Date;
}

/** Payload of `comment.created.v1`, written by {@link CommentRepository.insert}. */
export type CommentCreatedEvent = EventPayload<typeof CommentCreated>;
/** Payload of `comment.deleted.v1`, written by {@link CommentRepository.delete}. */
export type CommentDeletedEvent = EventPayload<typeof CommentDeleted>;

/** One page of a video's comments, oldest first. */
export interface CommentPageQuery {
  videoId: string;
  /** Only comments newer than this one (exclusive): keyset pagination, stable under inserts. */
  afterId?: string;
  limit: number;
}

/**
 * Persistence port of the comment context; the TypeORM adapter lives in comment-data-access.
 * Writes take the event they cause, and the adapter stores both in ONE transaction (the row and
 * an outbox entry), so an event is published if and only if the change committed.
 */
export interface CommentRepository {
  findById(id: string): Promise<Comment | undefined>;
  /** Stores a new comment and its `comment.created.v1` event (keyed by video) atomically. */
  insert(comment: Comment, created: CommentCreatedEvent): Promise<void>;
  /**
   * Deletes a comment and records its `comment.deleted.v1` event atomically. Returns `false`,
   * and records nothing, when there was no such comment (e.g. a concurrent delete won).
   */
  delete(id: string, deleted: CommentDeletedEvent): Promise<boolean>;
  /** Up to `limit` comments (replies included) of one video, oldest first. */
  page(query: CommentPageQuery): Promise<Comment[]>;
}

/** Who may delete a comment: whoever wrote it, and the author of the video it is on. */
export function canDeleteComment(comment: Comment, requesterId: string): boolean {
  return requesterId === comment.authorId || requesterId === comment.videoAuthorId;
}
