/** Port: the current time, injected so tests fix it (`occurredAt`, `createdAt`). */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
