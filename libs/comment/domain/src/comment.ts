import { CommentCreated, CommentDeleted } from '@newsreel/comment-contracts';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';

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

/** The facts the comment context publishes. */
export const COMMENT_EVENTS = [CommentCreated, CommentDeleted] as const;
/** One of {@link COMMENT_EVENTS}. */
export type CommentEvent = (typeof COMMENT_EVENTS)[number];
/** Payload of `comment.created.v1`, published with {@link CommentTransaction.insert}. */
export type CommentCreatedEvent = EventPayload<typeof CommentCreated>;
/** Payload of `comment.deleted.v1`, published with {@link CommentTransaction.delete}. */
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
 * Writes run in a {@link CommentTransaction} (`run`, from `UnitOfWork`): the rows and the events
 * they cause commit together, so an event is published if and only if the change committed.
 */
export interface CommentRepository extends UnitOfWork<CommentTransaction> {
  findById(id: string): Promise<Comment | undefined>;
  /** Up to `limit` comments (replies included) of one video, oldest first. */
  page(query: CommentPageQuery): Promise<Comment[]>;
}

/** The writes of one `CommentRepository.run`, and the events it may publish. */
export interface CommentTransaction extends Transaction<CommentEvent> {
  /** Stores a new comment (a duplicate id throws). */
  insert(comment: Comment): Promise<void>;
  /** Deletes a comment; `false` when there was none (e.g. a concurrent delete won). */
  delete(id: string): Promise<boolean>;
}

/** Who may delete a comment: whoever wrote it, and the author of the video it is on. */
export function canDeleteComment(comment: Comment, requesterId: string): boolean {
  return requesterId === comment.authorId || requesterId === comment.videoAuthorId;
}
