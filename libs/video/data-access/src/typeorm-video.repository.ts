import { Injectable } from '@nestjs/common';
import { Outbox } from '@newsreel/shared-messaging';
import { TransactionRunner } from '@newsreel/shared-persistence';
import { type Category, VideoDeleted, VideoPublished } from '@newsreel/video-contracts';
import type {
  CountDelta,
  FeedQuery,
  UnitOfWork,
  Video,
  VideoRepository,
} from '@newsreel/video-domain';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { VideoRecord } from './video.record';

/**
 * {@link VideoRepository} on TypeORM; the same queries run on SQLite, MariaDB and PostgreSQL.
 * Publishing and deleting write their event to the outbox in the same transaction as the row.
 */
@Injectable()
export class TypeOrmVideoRepository implements VideoRepository {
  private readonly rows: Repository<VideoRecord>;

  constructor(
    dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
  ) {
    this.rows = dataSource.getRepository(VideoRecord);
  }

  async save(video: Video): Promise<void> {
    await this.tx.run(async (manager) => {
      await manager.insert(VideoRecord, manager.create(VideoRecord, video));
      await this.outbox.add(
        manager,
        VideoPublished,
        {
          videoId: video.id,
          authorId: video.authorId,
          title: video.title,
          occurredAt: video.publishedAt.toISOString(),
        },
        { key: video.id },
      );
    });
  }

  async findById(id: string): Promise<Video | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toVideo(row) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const row = await manager.findOneBy(VideoRecord, { id });
      if (!row) return false;
      await manager.delete(VideoRecord, { id });
      await this.outbox.add(
        manager,
        VideoDeleted,
        { videoId: id, authorId: row.authorId, occurredAt: new Date().toISOString() },
        { key: id },
      );
      return true;
    });
  }

  async adjustCounts(videoId: string, delta: CountDelta, work: UnitOfWork): Promise<void> {
    const manager = work as unknown as EntityManager;
    const likes = delta.likes ?? 0;
    const comments = delta.comments ?? 0;
    // Portable "max(count + delta, 0)": GREATEST is not in SQLite, MAX(a, b) is not in MySQL.
    await manager
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

/** The unit of work of an event handler's transaction, for {@link VideoRepository.adjustCounts}. */
export function unitOfWork(manager: EntityManager): UnitOfWork {
  return manager as unknown as UnitOfWork;
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
