/** Port: the current time, injected so tests control `createdAt` and `occurredAt`. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
