import { Injectable } from '@nestjs/common';

/** Result of one readiness check: `up` plus anything worth showing (latency, instance id). */
export type ReadinessResult = { up: true; [key: string]: unknown } | { up: false; reason: string };

/** A named check `/health/ready` runs; it must settle quickly (it is given a short deadline). */
export type ReadinessCheck = () => Promise<ReadinessResult>;

/**
 * Readiness is the sum of checks other modules register at start-up (the gateway registers one
 * per upstream service, persistence one per database). Liveness never runs them: a slow
 * dependency must not get a healthy process restarted.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  /** Adds (or replaces) the check reported under `name`. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Called when shutdown starts: the process reports not-ready so traffic moves elsewhere. */
  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs every check in parallel; a check that throws or exceeds `timeoutMs` is down. */
  async runAll(timeoutMs: number): Promise<Record<string, ReadinessResult>> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await settle(check, timeoutMs)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function settle(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ up: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check(), deadline]);
  } catch (error) {
    return { up: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
