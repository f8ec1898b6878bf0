import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import type { Outbox } from '@newsreel/shared-messaging';
import type { EntityManager } from 'typeorm';

/** One `Outbox.add` call. */
export interface OutboxEntry {
  manager: EntityManager;
  topic: string;
  payload: unknown;
  key?: string;
}

/** An `Outbox` that validates like the real one and records instead of writing. */
export class RecordingOutbox implements Pick<Outbox, 'add'> {
  readonly entries: OutboxEntry[] = [];

  add<E extends EventDefinition>(
    manager: EntityManager,
    event: E,
    payload: EventPayload<E>,
    options?: { key?: string },
  ): Promise<string> {
    // A payload the real outbox would refuse must fail the unit test too.
    const parsed = event.schema.parse(payload);
    this.entries.push({ manager, topic: event.topic, payload: parsed, key: options?.key });
    return Promise.resolve(`event-${this.entries.length}`);
  }
}
