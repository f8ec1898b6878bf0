import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `refresh_tokens`: the SHA-256 of the secret, never the token itself. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimestampColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @TimestampColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
