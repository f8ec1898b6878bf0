import type { z } from 'zod';

/**
 * A fact one context publishes: its Kafka topic `<ctx>.<event-past-tense>.v<N>` and the schema
 * of its JSON payload. The producer owns it in its contracts lib; consumers import the same
 * object, so a payload is validated against one schema on both sides.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** `like.created.v1`. */
  topic: string;
  /** `like.created`: the name without version, for logs and metrics. */
  name: string;
  version: number;
  schema: S;
}

/** Declares an event; `name` is `<ctx>.<event-past-tense>`, e.g. `like.created`. */
export function defineEvent<S extends z.ZodType>(
  name: string,
  version: number,
  schema: S,
): EventDefinition<S> {
  if (!/^[a-z]+\.[a-z]+(?:-[a-z]+)*$/.test(name))
    throw new Error(`Event name "${name}" is not <ctx>.<past-tense>`);
  return { topic: `${name}.v${version}`, name, version, schema };
}

/** The payload type of an event. */
export type EventPayload<E extends EventDefinition> = z.output<E['schema']>;

/**
 * Kafka headers every event carries: its unique id (consumers deduplicate on it), its type, and
 * (when tracing is on) the W3C trace context.
 */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  traceparent: 'traceparent',
  contentType: 'content-type',
} as const;
