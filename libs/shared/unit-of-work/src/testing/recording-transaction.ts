import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import type { PublishOptions, Transaction } from '../unit-of-work.port';

/** One event a {@link RecordingTransaction} published. */
export interface PublishedEvent {
  topic: string;
  payload: unknown;
  key?: string;
}

/**
 * A {@link Transaction} for unit tests: `publish` validates like the real adapter (a payload the
 * outbox would refuse fails the test too) and records the event in `published`. Fakes of a
 * context's port extend it with their writes.
 */
export class RecordingTransaction<
  E extends EventDefinition = EventDefinition,
> implements Transaction<E> {
  /** Hooks registered with {@link afterCommit}, run by {@link committed}. */
  private readonly hooks: Array<() => unknown> = [];

  constructor(readonly published: PublishedEvent[] = []) {}

  afterCommit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /** The fake's `run` calls this once the work's writes are applied (its "commit"). */
  async committed(): Promise<void> {
    for (const hook of this.hooks.splice(0)) await hook();
  }

  publish<D extends E>(
    event: D,
    payload: EventPayload<D>,
    options: PublishOptions = {},
  ): Promise<string> {
    const parsed: unknown = event.schema.parse(payload);
    this.published.push({ topic: event.topic, payload: parsed, key: options.key });
    return Promise.resolve(`event-${this.published.length}`);
  }
}
