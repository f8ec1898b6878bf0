/** Options of the health endpoints. */
export interface HealthOptions {
  /** Deadline of each readiness check. */
  checkTimeoutMs: number;
}

/** DI token for {@link HealthOptions}. */
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
