import { TimestampColumn } from '@newsreel/shared-persistence';
import { Entity, PrimaryColumn } from 'typeorm';

/** Row of `follows`: one directed edge; the composite primary key makes following idempotent. */
@Entity({ name: 'follows' })
export class FollowRecord {
  @PrimaryColumn({ name: 'follower_id', type: 'varchar', length: 36 })
  followerId!: string;

  @PrimaryColumn({ name: 'followee_id', type: 'varchar', length: 36 })
  followeeId!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
