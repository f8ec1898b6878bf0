import { Kafka, logLevel } from 'kafkajs';
import type { BrokerLogger } from '../options';

/** A kafkajs client tuned for fast tests (quiet, short retries). */
export function testKafka(address: string, clientId = 'test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [address],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 1000 },
  });
}

/** Polls `condition` until true or the timeout elapses (then throws with `what`). */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A logger that records lines for assertions. */
export function recordingLogger(): BrokerLogger & {
  lines: Array<{ level: string; msg: string; meta?: object }>;
} {
  const lines: Array<{ level: string; msg: string; meta?: object }> = [];
  return {
    lines,
    info: (msg, meta) => lines.push({ level: 'info', msg, meta }),
    warn: (msg, meta) => lines.push({ level: 'warn', msg, meta }),
    error: (msg, meta) => lines.push({ level: 'error', msg, meta }),
  };
}
