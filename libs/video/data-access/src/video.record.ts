import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The `videos` table. Ids are UUIDv7 strings, so `ORDER BY id DESC` is newest first. */
@Entity({ name: 'videos' })
@Index('idx_videos_category_id', ['category', 'id'])
@Index('idx_videos_author_id', ['authorId', 'id'])
export class VideoRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  @Column({ type: 'varchar', length: 120 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'media_url', type: 'varchar', length: 2048 })
  mediaUrl!: string;

  @Column({ name: 'cover_url', type: 'varchar', length: 2048, nullable: true })
  coverUrl!: string | null;

  @Column({ name: 'duration_sec', type: 'int' })
  durationSec!: number;

  @TimestampColumn({ name: 'published_at' })
  publishedAt!: Date;

  @Column({ name: 'like_count', type: 'int', default: 0 })
  likeCount!: number;

  @Column({ name: 'comment_count', type: 'int', default: 0 })
  commentCount!: number;
}
