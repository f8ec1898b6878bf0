import { Injectable } from '@nestjs/common';

/** A snapshot of {@link MessagingStats}. */
export interface MessagingCounters {
  /** Events the broker acknowledged (outbox relay). */
  published: number;
  /** Relay passes whose publish failed (the rows stay and are retried). */
  publishFailures: number;
  /** Messages handed to this process's consumers (each delivery, duplicates included). */
  consumed: number;
  /** Redeliveries skipped because the inbox already had the event. */
  duplicatesSkipped: number;
  /** Messages sent to `<topic>.dlq` (invalid payload or a handler that kept failing). */
  deadLettered: number;
  /** Unsent outbox rows as last seen by the relay. */
  outboxBacklog: number;
}

/**
 * Counters since start, kept in memory for the metrics endpoint a later stage adds (and for
 * tests). Plain fields, mutated by the relay and the consumers.
 */
@Injectable()
export class MessagingStats {
  private readonly counters: MessagingCounters = {
    published: 0,
    publishFailures: 0,
    consumed: 0,
    duplicatesSkipped: 0,
    deadLettered: 0,
    outboxBacklog: 0,
  };

  /** Adds `by` (default 1) to a counter. */
  increment(counter: Exclude<keyof MessagingCounters, 'outboxBacklog'>, by = 1): void {
    this.counters[counter] += by;
  }

  /** Sets the outbox backlog gauge. */
  setOutboxBacklog(rows: number): void {
    this.counters.outboxBacklog = rows;
  }

  /** A copy of the counters. */
  snapshot(): MessagingCounters {
    return { ...this.counters };
  }
}
