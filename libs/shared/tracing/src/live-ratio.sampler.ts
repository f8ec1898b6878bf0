import type { Context } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace';

/** Where the sampler reads the share of new traces to record (0 to 1), at every decision. */
export type SampleRatioSource = number | (() => number);

const RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const DROP: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
/** 2^32: the random part of a trace id compared below is 32 bits. */
const SPACE = 0x1_0000_0000;

/**
 * Records a share of new traces that can change while the process runs (`tracing.sampleRatio`
 * is a hot setting): the ratio is read at each decision, so an update to the live configuration
 * object applies to the very next root span, with no subscription to keep in sync.
 *
 * The decision depends only on the trace id (its last 8 hex digits, random by W3C trace context
 * level 2), so every process that sees the same trace decides alike. Use it as the root of a
 * `ParentBasedSampler`: spans with a parent follow the parent's decision instead.
 */
export class LiveRatioSampler implements Sampler {
  private read: () => number;

  constructor(ratio: SampleRatioSource) {
    this.read = toReader(ratio);
  }

  /** Replaces where the ratio comes from (a constant, or a function read at each decision). */
  setRatio(ratio: SampleRatioSource): void {
    this.read = toReader(ratio);
  }

  /** The ratio in force now, clamped to 0..1 (anything unreadable counts as 0: record nothing). */
  get ratio(): number {
    const value = this.read();
    if (!(value > 0)) return 0;
    return value >= 1 ? 1 : value;
  }

  shouldSample(_context: Context, traceId: string): SamplingResult {
    const ratio = this.ratio;
    if (ratio >= 1) return RECORD;
    if (ratio <= 0) return DROP;
    const random = parseInt(traceId.slice(-8), 16);
    return random < ratio * SPACE ? RECORD : DROP;
  }

  toString(): string {
    return `LiveRatioSampler{${this.ratio}}`;
  }
}

function toReader(ratio: SampleRatioSource): () => number {
  return typeof ratio === 'function' ? ratio : () => ratio;
}
