import { CoalescingRunner } from '@newsreel/shared-concurrency';
import type { InstancesByService } from './service-instance';
import { type RegistryListener, RegistryUnavailableError } from './service-registry.port';

/** A running {@link pollRegistry} loop. */
export interface PollingWatch {
  /** Reads again as soon as possible (a change notification arrived). */
  trigger(): void;
  stop(): void;
}

/**
 * Reads the registry every `intervalMs` (and at once on {@link PollingWatch.trigger}) and tells
 * `listener` what changed: the lists when they differ from the last ones sent (or after an
 * error), an error once when reads start failing. Reads never overlap. Polling is what makes TTL
 * expiry visible, which no notification announces (a kill -9 says nothing).
 */
export function pollRegistry(
  read: () => Promise<InstancesByService>,
  listener: RegistryListener,
  intervalMs: number,
): PollingWatch {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastSent: string | undefined;
  let failing = false;

  const readOnce = async () => {
    if (stopped) return;
    try {
      const services = await read();
      const fingerprint = JSON.stringify(
        Object.keys(services)
          .sort()
          .map((name) => [name, services[name]]),
      );
      if (!stopped && (failing || fingerprint !== lastSent)) {
        failing = false;
        lastSent = fingerprint;
        listener({ type: 'instances', services });
      }
    } catch (error) {
      if (!stopped && !failing) {
        failing = true;
        listener({
          type: 'error',
          error:
            error instanceof RegistryUnavailableError
              ? error
              : new RegistryUnavailableError(String((error as Error)?.message ?? error), {
                  cause: error,
                }),
        });
      }
    }
  };
  // A trigger while a read is on the wire asks for one more read right after it.
  const reads = new CoalescingRunner(readOnce);

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  };

  const tick = async () => {
    if (stopped) return;
    await reads.run();
    schedule(intervalMs);
  };

  schedule(0);
  return {
    trigger: () => schedule(0),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
