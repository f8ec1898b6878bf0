/** The time source, injected so tests control it. */
export interface Clock {
  now(): Date;
}

/** DI token of the {@link Clock}. */
export const CLOCK = Symbol('CLOCK');

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
