import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';

/** Options of {@link Transaction.publish}. */
export interface PublishOptions {
  /**
   * Partition key: events with the same key are delivered in order (use the aggregate id, e.g.
   * the video id). Omitted: spread over partitions.
   */
  key?: string;
}

/**
 * One atomic piece of work of a context: what it writes and the events it publishes commit
 * together, or none of it does. A context's port extends it with its own writes
 * (`LikeTransaction extends Transaction<LikeEvent>`), so the events a context may publish are
 * part of its type.
 */
export interface Transaction<E extends EventDefinition = EventDefinition> {
  /**
   * Records `payload` as an `event` of this transaction and returns its event id (the
   * `event-id` consumers see, the same on every redelivery). The payload is validated with the
   * event's schema now (a bad payload is a programming error and throws); the event is
   * delivered only after the transaction commits, and never if it rolls back.
   */
  publish<D extends E>(
    event: D,
    payload: EventPayload<D>,
    options?: PublishOptions,
  ): Promise<string>;

  /**
   * Runs `hook` once the transaction has committed, and never if it rolls back: for work that
   * must not see uncommitted state, such as dropping a cache entry the change made stale (a
   * read racing the commit could otherwise cache the old value again). Joined transactions run
   * their hooks when the outermost one commits. A hook's failure is reported, not thrown: the
   * transaction has committed by then.
   */
  afterCommit(hook: () => unknown): void;
}

/**
 * The port behind every write of a context: runs `work` in one {@link Transaction}. Adapters:
 * `TypeOrmUnitOfWork` in shared-messaging (database transaction + transactional outbox); an
 * in-process event bus may implement it too. A context's repository port usually extends it
 * (`interface LikeRepository extends UnitOfWork<LikeTransaction>`).
 */
export interface UnitOfWork<Tx extends Transaction = Transaction> {
  /**
   * Runs `work` in one transaction and returns its result. Everything written and published
   * through `tx` commits together, or not at all when `work` throws (the error is rethrown).
   * A `run` inside another `run` (an event handler's writes, say) joins the outer transaction.
   * `work` may be run again from scratch after a lost deadlock, so it must do nothing but
   * writes through `tx` (no calls to other services, no side effects elsewhere).
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
