import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import { v7 as uuidv7 } from 'uuid';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
} from 'typeorm';
import { z } from 'zod';
import { activeTraceHeaders } from './messaging-tracing';
import { OutboxRelay, eventHeaders } from './outbox-relay';
import { OutboxRecord } from './persistence/outbox.record';

/** Options of {@link Outbox.add}. */
export interface OutboxAddOptions {
  /**
   * Kafka message key: events with the same key land on the same partition and are consumed in
   * order (use the aggregate id, e.g. the video id). Omitted: spread over partitions.
   */
  key?: string;
}

/**
 * Producing side of the transactional outbox. `add` writes the event as a row in the caller's
 * transaction, so the event exists if and only if the change that caused it commits; the
 * {@link OutboxRelay} publishes it right after the commit.
 *
 * ```ts
 * await this.tx.run(async (manager) => {
 *   await manager.insert(LikeRecord, like);
 *   await this.outbox.add(manager, LikeCreated, payload, { key: like.videoId });
 * });
 * ```
 */
@Injectable()
export class Outbox implements OnModuleInit {
  /** Transactions that added rows and have not committed yet. */
  private readonly pending = new WeakSet<QueryRunner>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    // The relay is nudged when a transaction that added rows commits, not when `add` runs: a
    // pass started before the commit would not see the rows yet.
    const pending = this.pending;
    const relay = this.relay;
    const listener: EntitySubscriberInterface = {
      afterTransactionCommit({ queryRunner }) {
        // A released savepoint (nested transaction) is not the commit yet.
        if (queryRunner.isTransactionActive || !pending.has(queryRunner)) return;
        pending.delete(queryRunner);
        relay.nudge();
      },
      afterTransactionRollback({ queryRunner }) {
        if (!queryRunner.isTransactionActive) pending.delete(queryRunner);
      },
    };
    this.dataSource.subscribers.push(listener);
  }

  /**
   * Validates `payload` with the event's schema (a bad payload is a programming error and
   * throws), stores it as an outbox row through `manager` (so inside the caller's transaction)
   * and returns the new event id (UUID v7), which consumers see as the `event-id` header. The
   * active W3C trace context (`traceparent`, `tracestate`) is stored with the row's headers.
   */
  async add<E extends EventDefinition>(
    manager: EntityManager,
    event: E,
    payload: EventPayload<E>,
    options: OutboxAddOptions = {},
  ): Promise<string> {
    const parsed = event.schema.safeParse(payload);
    if (!parsed.success) {
      throw new Error(`Invalid ${event.topic} payload: ${z.prettifyError(parsed.error)}`);
    }
    const id = uuidv7();
    await manager.insert(OutboxRecord, {
      id,
      topic: event.topic,
      messageKey: options.key ?? null,
      payload: JSON.stringify(parsed.data),
      // The trace context of the caller (the request's span): the relay publishes the event in a
      // span under it, so the event's whole journey is one trace.
      headers: JSON.stringify({ ...eventHeaders(id, event.topic), ...activeTraceHeaders() }),
      createdAt: new Date(),
      sentAt: null,
      attempts: 0,
    });
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.pending.add(runner);
    else this.relay.nudge(); // not in a transaction: the row is already committed
    return id;
  }
}
