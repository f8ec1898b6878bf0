import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `notifications` table: one row per (source event, recipient, type). Ids are time-ordered
 * (UUIDv7 layout), so an inbox is `WHERE user_id = ? ORDER BY id DESC`.
 */
@Entity({ name: 'notifications' })
@Index('idx_notifications_user_id_id', ['userId', 'id'])
@Index('uq_notifications_source_user_type', ['sourceEventId', 'userId', 'type'], { unique: true })
export class NotificationRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId!: string;

  @Column({ name: 'video_id', type: 'varchar', length: 36, nullable: true })
  videoId!: string | null;

  @Column({ name: 'comment_id', type: 'varchar', length: 36, nullable: true })
  commentId!: string | null;

  @Column({ name: 'source_event_id', type: 'varchar', length: 64 })
  sourceEventId!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'read_at', nullable: true })
  readAt!: Date | null;
}
