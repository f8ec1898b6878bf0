import type { InjectionToken, Type } from '@nestjs/common';
import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import type { Transaction } from '@newsreel/shared-unit-of-work';

/**
 * What a handler knows about the message besides its payload, and the transaction it runs in
 * (`Tx`: the service's own transaction port, see {@link MessagingOptions.unitOfWork}).
 */
export interface EventContext<Tx extends Transaction = Transaction> {
  /** The `event-id` header: unique per event, the same on every redelivery. */
  eventId: string;
  topic: string;
  /**
   * The transaction the inbox row was written in: write and publish follow-up events through it,
   * so the handler's changes, its events and "processed" commit together.
   */
  tx: Tx;
  /** Kafka headers as strings (`event-id`, `event-type`, `traceparent`, ...). */
  headers: Record<string, string>;
}

/**
 * Handles one event type for a service. A Nest provider; list the class in a subscription of
 * `MessagingModule.forService()`. Throwing rolls back the handler's writes and the inbox row;
 * the message is retried, then dead-lettered.
 */
export interface EventHandler<E extends EventDefinition, Tx extends Transaction = Transaction> {
  handle(payload: EventPayload<E>, context: EventContext<Tx>): Promise<void>;
}

/** One event a service consumes and the handler class that processes it. */
export interface EventSubscription<E extends EventDefinition = EventDefinition> {
  event: E;
  // `any` because the payload type of a heterogeneous list cannot be expressed more tightly.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: Type<EventHandler<any, any>>;
}

/** Options of `MessagingModule.forService()`. */
export interface MessagingOptions {
  /** Kafka consumer group id; default the service name (all instances share the work). */
  groupId?: string;
  /** Events this service consumes; empty or omitted for a producer-only service. */
  subscriptions?: readonly EventSubscription[];
  /**
   * Where a new consumer group starts: `true` (default) reads each topic from its beginning, so
   * events published before the service's first start are not lost (the inbox makes replays
   * harmless). Only a group without committed offsets is affected.
   */
  fromBeginning?: boolean;
  /**
   * The service's unit of work (the token of its repository port, which extends `UnitOfWork`):
   * handlers get its transaction as `context.tx`, joined to the inbox row's transaction. Omitted:
   * a publish-only transaction (`TypeOrmUnitOfWork`).
   */
  unitOfWork?: InjectionToken;
  /** Pauses between handler attempts; default `[100, 400, 1600]` (3 retries, then the DLQ). */
  retryDelaysMs?: readonly number[];
}
