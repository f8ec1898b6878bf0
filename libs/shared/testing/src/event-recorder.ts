import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A message as a test reads it back from Kafka. */
export interface RecordedMessage {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

/** A running {@link recordEvents}. */
export interface EventRecorder {
  /** Every message seen so far, in arrival order (appended as they come). */
  received: RecordedMessage[];
  stop(): Promise<void>;
}

/**
 * Reads `topics` from the beginning with a real kafkajs consumer (a group of its own) and keeps
 * every message, decoded, so a test can assert what a service published: payload, key, headers.
 */
export async function recordEvents(brokers: string[], topics: string[]): Promise<EventRecorder> {
  const kafka = new Kafka({ clientId: 'event-recorder', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `event-recorder-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const received: RecordedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {}))
        headers[name] = String(value);
      received.push({
        topic,
        key: message.key?.toString() ?? null,
        headers,
        payload: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
      });
      return Promise.resolve();
    },
  });
  return { received, stop: () => consumer.disconnect() };
}
