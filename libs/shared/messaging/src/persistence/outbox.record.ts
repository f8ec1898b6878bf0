import { TimestampColumn } from '@newsreel/shared-persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event waiting to be published (or published recently) from the `outbox` table. Written by
 * {@link Outbox.add} in the caller's transaction, so the event exists exactly when the change
 * that caused it was committed; the relay publishes it and sets `sentAt`.
 */
@Entity({ name: 'outbox' })
@Index('idx_outbox_sent_at_id', ['sentAt', 'id'])
export class OutboxRecord {
  /** The event id (UUID v7, so ids sort in creation order); sent as the `event-id` header. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Kafka topic, e.g. `like.created.v1`; also the `event-type` header. */
  @Column({ type: 'varchar', length: 255 })
  topic!: string;

  /** Kafka message key (the partitioning key), e.g. the aggregate id. */
  @Column({ name: 'message_key', type: 'varchar', length: 255, nullable: true })
  messageKey!: string | null;

  /** The validated payload as JSON text. */
  @Column({ type: 'text' })
  payload!: string;

  /** Kafka headers as a JSON object of strings. */
  @Column({ type: 'text' })
  headers!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  /** When the broker acknowledged it; `null` while pending. */
  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  /** Failed publish attempts so far (for operators: a growing number means Kafka trouble). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;
}
