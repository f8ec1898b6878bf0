import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** MySQL and PostgreSQL return `bigint` as a string; the revision is a plain number here. */
const bigintNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? value : Number(value)),
};

/**
 * The `like_counts` table: a video's like counter, changed in the same transaction as the like
 * row, so it is exact after any crash. `revision` grows with every change (see `LikeCount`).
 */
@Entity({ name: 'like_counts' })
export class LikeCountRecord {
  @PrimaryColumn({ name: 'video_id', type: 'varchar', length: 36 })
  videoId!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  revision!: number;
}
