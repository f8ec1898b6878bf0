import { Inject, Injectable } from '@nestjs/common';
import type {
  Comment,
  CommentEvent,
  CommentPageQuery,
  CommentRepository,
  CommentTransaction,
} from '@newsreel/comment-domain';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import { DataSource, type Repository } from 'typeorm';
import { CommentRecord } from './comment.record';

/**
 * {@link CommentRepository} on TypeORM; the same queries run on SQLite, MariaDB and PostgreSQL.
 * Each write and its events go to the `comments` and `outbox` tables in one `TypeOrmUnitOfWork`
 * transaction.
 */
@Injectable()
export class TypeOrmCommentRepository implements CommentRepository {
  private readonly rows: Repository<CommentRecord>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(TypeOrmUnitOfWork) private readonly unitOfWork: TypeOrmUnitOfWork,
  ) {
    this.rows = dataSource.getRepository(CommentRecord);
  }

  run<T>(work: (tx: CommentTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmCommentTransaction(manager, services),
      work,
    );
  }

  async findById(id: string): Promise<Comment | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toComment(row) : undefined;
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

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmCommentTransaction
  extends TypeOrmTransaction<CommentEvent>
  implements CommentTransaction
{
  async insert(comment: Comment): Promise<void> {
    await this.manager.insert(CommentRecord, this.manager.create(CommentRecord, comment));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.manager.delete(CommentRecord, { id });
    return (result.affected ?? 0) > 0;
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
