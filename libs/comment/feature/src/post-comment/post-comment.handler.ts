import { Inject, Injectable } from '@nestjs/common';
import { type Comment as CommentDto, CommentCreated } from '@newsreel/comment-contracts';
import {
  COMMENT_REPOSITORY,
  type Comment,
  type CommentCreatedEvent,
  type CommentRepository,
  SENSITIVE_WORDS,
  type SensitiveWords,
  maskSensitiveWords,
} from '@newsreel/comment-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { v7 } from 'uuid';
import { CLOCK, type Clock } from '@newsreel/shared-clock';
import { toCommentDto } from '../shared/comment.mapper';
import type { PostCommentCommand } from './post-comment.command';

/**
 * Posts a comment or a reply: masks sensitive words, checks the parent is on the same video,
 * and stores the comment with its `comment.created.v1` event (keyed by video, so one video's
 * events stay in order) in one transaction. A reply's event names the parent's author, who gets
 * notified.
 */
@Injectable()
export class PostCommentHandler {
  constructor(
    @Inject(COMMENT_REPOSITORY) private readonly comments: CommentRepository,
    @Inject(SENSITIVE_WORDS) private readonly sensitiveWords: SensitiveWords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PostCommentCommand): Promise<CommentDto> {
    const parent =
      command.parentId === undefined ? undefined : await this.comments.findById(command.parentId);
    // A parent on another video is reported as missing: from this video it does not exist.
    if (command.parentId !== undefined && parent?.videoId !== command.videoId) {
      throw new RpcError(RpcStatus.NOT_FOUND, 'Parent comment not found');
    }
    const comment: Comment = {
      id: v7(),
      videoId: command.videoId,
      videoAuthorId: command.videoAuthorId,
      authorId: command.authorId,
      // Read the list on every post: its source may change it while the service runs.
      text: maskSensitiveWords(command.text, this.sensitiveWords.current()),
      parentId: parent?.id ?? null,
      createdAt: this.clock.now(),
    };
    const created: CommentCreatedEvent = {
      commentId: comment.id,
      videoId: comment.videoId,
      videoAuthorId: comment.videoAuthorId,
      authorId: comment.authorId,
      parentId: comment.parentId,
      parentAuthorId: parent?.authorId ?? null,
      occurredAt: comment.createdAt.toISOString(),
    };
    await this.comments.run(async (tx) => {
      await tx.insert(comment);
      await tx.publish(CommentCreated, created, { key: comment.videoId });
    });
    return toCommentDto(comment);
  }
}
