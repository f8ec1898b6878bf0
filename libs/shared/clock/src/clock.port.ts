/**
 * Port: the current time. Use cases take it instead of calling `new Date()`, so tests fix the
 * time (`occurredAt`, `createdAt`, expiry) and a monolith or a test harness can share one.
 */
export interface Clock {
  now(): Date;
}

/** DI token of the {@link Clock}. */
export const CLOCK = Symbol('CLOCK');

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
