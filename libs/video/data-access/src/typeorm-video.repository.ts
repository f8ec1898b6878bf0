import { Injectable } from '@nestjs/common';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from '@newsreel/shared-messaging';
import type { Category } from '@newsreel/video-contracts';
import type {
  CountDelta,
  FeedQuery,
  Video,
  VideoEvent,
  VideoRepository,
  VideoTransaction,
} from '@newsreel/video-domain';
import { DataSource, type Repository } from 'typeorm';
import { VideoRecord } from './video.record';

/**
 * {@link VideoRepository} on TypeORM; the same queries run on SQLite, MariaDB and PostgreSQL.
 * Writes and their events (outbox rows) commit in one `TypeOrmUnitOfWork` transaction.
 */
@Injectable()
export class TypeOrmVideoRepository implements VideoRepository {
  private readonly rows: Repository<VideoRecord>;

  constructor(
    dataSource: DataSource,
    private readonly unitOfWork: TypeOrmUnitOfWork,
  ) {
    this.rows = dataSource.getRepository(VideoRecord);
  }

  run<T>(work: (tx: VideoTransaction) => Promise<T>): Promise<T> {
    return this.unitOfWork.runWith(
      (manager, services) => new TypeOrmVideoTransaction(manager, services),
      work,
    );
  }

  async findById(id: string): Promise<Video | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toVideo(row) : undefined;
  }

  async page(query: FeedQuery): Promise<Video[]> {
    if (query.authorIds && query.authorIds.length === 0) return [];
    const qb = this.rows.createQueryBuilder('v').orderBy('v.id', 'DESC').limit(query.limit);
    if (query.category) qb.andWhere('v.category = :category', { category: query.category });
    if (query.authorIds)
      qb.andWhere('v.author_id IN (:...authorIds)', { authorIds: query.authorIds });
    if (query.beforeId) qb.andWhere('v.id < :beforeId', { beforeId: query.beforeId });
    return (await qb.getMany()).map(toVideo);
  }

  countByAuthor(authorId: string): Promise<number> {
    return this.rows.countBy({ authorId });
  }
}

/** The writes of one transaction, all through its `EntityManager`; `publish` is inherited. */
class TypeOrmVideoTransaction extends TypeOrmTransaction<VideoEvent> implements VideoTransaction {
  async insert(video: Video): Promise<void> {
    await this.manager.insert(VideoRecord, this.manager.create(VideoRecord, video));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.manager.delete(VideoRecord, { id });
    return (result.affected ?? 0) > 0;
  }

  async adjustCounts(videoId: string, delta: CountDelta): Promise<void> {
    const likes = delta.likes ?? 0;
    const comments = delta.comments ?? 0;
    // Portable "max(count + delta, 0)": GREATEST is not in SQLite, MAX(a, b) is not in MySQL.
    await this.manager
      .createQueryBuilder()
      .update(VideoRecord)
      .set({
        likeCount: () => 'CASE WHEN like_count + :likes < 0 THEN 0 ELSE like_count + :likes END',
        commentCount: () =>
          'CASE WHEN comment_count + :comments < 0 THEN 0 ELSE comment_count + :comments END',
      })
      .where('id = :videoId', { videoId, likes, comments })
      .execute();
  }
}

function toVideo(row: VideoRecord): Video {
  return {
    id: row.id,
    authorId: row.authorId,
    title: row.title,
    category: row.category as Category,
    description: row.description,
    mediaUrl: row.mediaUrl,
    coverUrl: row.coverUrl,
    durationSec: row.durationSec,
    publishedAt: row.publishedAt,
    likeCount: Number(row.likeCount),
    commentCount: Number(row.commentCount),
  };
}
