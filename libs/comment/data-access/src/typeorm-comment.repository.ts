import { Inject, Injectable } from '@nestjs/common';
import { CommentCreated, CommentDeleted } from '@newsreel/comment-contracts';
import type {
  Comment,
  CommentCreatedEvent,
  CommentDeletedEvent,
  CommentPageQuery,
  CommentRepository,
} from '@newsreel/comment-domain';
import { Outbox } from '@newsreel/shared-messaging';
import { TransactionRunner } from '@newsreel/shared-persistence';
import { DataSource, type Repository } from 'typeorm';
import { CommentRecord } from './comment.record';

/**
 * {@link CommentRepository} on TypeORM; the same queries run on SQLite, MariaDB and PostgreSQL.
 * Each write and its event go to the `comments` and `outbox` tables in one transaction; events
 * are keyed by video id, so one video's events stay in order on one partition.
 */
@Injectable()
export class TypeOrmCommentRepository implements CommentRepository {
  private readonly rows: Repository<CommentRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TransactionRunner) private readonly tx: TransactionRunner,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    this.rows = dataSource.getRepository(CommentRecord);
  }

  async findById(id: string): Promise<Comment | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toComment(row) : undefined;
  }

  async insert(comment: Comment, created: CommentCreatedEvent): Promise<void> {
    await this.tx.run(async (manager) => {
      await manager.insert(CommentRecord, manager.create(CommentRecord, comment));
      await this.outbox.add(manager, CommentCreated, created, { key: comment.videoId });
    });
  }

  delete(id: string, deleted: CommentDeletedEvent): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const result = await manager.delete(CommentRecord, { id });
      // Nothing deleted (a concurrent delete won): that delete published the event.
      if ((result.affected ?? 0) === 0) return false;
      await this.outbox.add(manager, CommentDeleted, deleted, { key: deleted.videoId });
      return true;
    });
  }

  async page(query: CommentPageQuery): Promise<Comment[]> {
    const qb = this.rows
      .createQueryBuilder('c')
      .where('c.video_id = :videoId', { videoId: query.videoId })
      .orderBy('c.id', 'ASC')
      .limit(query.limit);
    if (query.afterId) qb.andWhere('c.id > :afterId', { afterId: query.afterId });
    return (await qb.getMany()).map(toComment);
  }
}

function toComment(row: CommentRecord): Comment {
  return {
    id: row.id,
    videoId: row.videoId,
    videoAuthorId: row.videoAuthorId,
    authorId: row.authorId,
    text: row.text,
    parentId: row.parentId,
    createdAt: row.createdAt,
  };
}
