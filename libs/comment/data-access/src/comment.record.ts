import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The `comments` table. Ids are UUIDv7 strings, so `ORDER BY id` is oldest first and the
 * `(video_id, id)` index serves a video's list and its keyset pagination.
 */
@Entity({ name: 'comments' })
@Index('idx_comments_video_id_id', ['videoId', 'id'])
export class CommentRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'video_id', type: 'varchar', length: 36 })
  videoId!: string;

  /** The video's author at posting time: may delete any comment on the video. */
  @Column({ name: 'video_author_id', type: 'varchar', length: 36 })
  videoAuthorId!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  /** The comment replied to; no foreign key, since replies outlive a deleted parent. */
  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
