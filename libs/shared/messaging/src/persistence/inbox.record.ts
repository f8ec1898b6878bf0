import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One event a consumer group has processed, from the `inbox` table. Inserted in the same
 * transaction as the handler's writes; its primary key `(consumer, event_id)` is what makes a
 * redelivered event a no-op (the insert fails as a duplicate and the handler is skipped).
 */
@Entity({ name: 'inbox' })
export class InboxRecord {
  /** The consumer group id (the service name by default). */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer!: string;

  /** The `event-id` header (or an id derived from topic, partition and offset without one). */
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 255 })
  topic!: string;

  @TimestampColumn({ name: 'processed_at' })
  processedAt!: Date;
}
