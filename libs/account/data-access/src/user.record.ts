import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `users`. The unique index on `username` is what makes registration race-free. */
@Entity({ name: 'users' })
export class UserRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  /** Comma-separated role names (`admin`); empty for normal users. */
  @Column({ type: 'varchar', length: 255, default: '' })
  roles!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
