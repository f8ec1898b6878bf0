/** Labels every metric of the process carries. */
export interface MetricsOptions {
  /** The deployable (`video`, `gateway`). */
  service: string;
  /** This process among the service's instances (`video-1`). */
  instance: string;
  /** Process metrics (CPU, memory, event-loop lag, GC); on unless turned off. */
  defaultMetrics?: boolean;
}

/** DI token of {@link MetricsOptions}. */
export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
