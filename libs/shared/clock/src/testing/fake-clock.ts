import type { Clock } from '../clock.port';

/** A clock tests set and move by hand. */
export class FakeClock implements Clock {
  constructor(public current = new Date('2026-11-21T10:00:00.000Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
