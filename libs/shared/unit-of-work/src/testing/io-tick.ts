/**
 * Yields to the event loop the way a real database call would, so concurrent calls on an
 * in-memory fake interleave as they do in production (and races can be tested).
 */
export function ioTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
