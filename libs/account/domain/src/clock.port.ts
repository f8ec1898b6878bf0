/** Port: the current time, injected so tests can move it (token expiry). */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
