import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { type Sampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { LiveRatioSampler } from './live-ratio.sampler';

// Called as the SDK calls it, through the Sampler interface.
const decide = (sampler: Sampler, traceId: string) =>
  sampler.shouldSample(ROOT_CONTEXT, traceId, 'span', SpanKind.SERVER, {}, []).decision;

/** Trace ids whose random part (last 8 hex digits) is `fraction` of the 32-bit space. */
const traceIdAt = (fraction: number) =>
  `${'ab'.repeat(12)}${Math.floor(fraction * 0xffffffff).toString(16).padStart(8, '0')}`;

describe('LiveRatioSampler', () => {
  it('records everything at 1 and nothing at 0', () => {
    expect(decide(new LiveRatioSampler(1), traceIdAt(0.999))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(new LiveRatioSampler(0), traceIdAt(0))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('decides by the trace id, so every process agrees on the same trace', () => {
    const sampler = new LiveRatioSampler(0.25);
    expect(decide(sampler, traceIdAt(0.1))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, traceIdAt(0.24))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, traceIdAt(0.26))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, traceIdAt(0.9))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('records about the configured share of random traces', () => {
    const sampler = new LiveRatioSampler(0.1);
    let recorded = 0;
    for (let i = 0; i < 20_000; i++) {
      const id = [...crypto.getRandomValues(new Uint8Array(16))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      if (decide(sampler, id) === SamplingDecision.RECORD_AND_SAMPLED) recorded++;
    }
    expect(recorded / 20_000).toBeGreaterThan(0.08);
    expect(recorded / 20_000).toBeLessThan(0.12);
  });

  it('reads a live source at every decision (hot reload without a subscription)', () => {
    const config = { tracing: { sampleRatio: 1 } };
    const sampler = new LiveRatioSampler(() => config.tracing.sampleRatio);
    const id = traceIdAt(0.5);
    expect(decide(sampler, id)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    config.tracing.sampleRatio = 0.1;
    expect(decide(sampler, id)).toBe(SamplingDecision.NOT_RECORD);
    expect(sampler.ratio).toBe(0.1);
    sampler.setRatio(0.75);
    expect(decide(sampler, id)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('clamps out-of-range and unreadable ratios', () => {
    expect(new LiveRatioSampler(7).ratio).toBe(1);
    expect(new LiveRatioSampler(-1).ratio).toBe(0);
    expect(new LiveRatioSampler(Number.NaN).ratio).toBe(0);
    expect(decide(new LiveRatioSampler(Number.NaN), traceIdAt(0))).toBe(SamplingDecision.NOT_RECORD);
  });
});
