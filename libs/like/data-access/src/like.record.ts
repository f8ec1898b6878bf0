import { TimestampColumn } from '@newsreel/shared-persistence';
import { Entity, PrimaryColumn } from 'typeorm';

/**
 * The `likes` table: one row per (user, video). The composite primary key is what makes a like
 * idempotent under concurrency: a second insert is a unique violation, whoever checked first.
 */
@Entity({ name: 'likes' })
export class LikeRecord {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'video_id', type: 'varchar', length: 36 })
  videoId!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
