import { ErrorCode } from '../protocol/error-codes';
import { ProducerIds, ProducerState } from './producer-state';

const batch = (producerId: number, producerEpoch: number, baseSequence: number, count = 1) => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastSequence: baseSequence + count - 1,
});

describe('ProducerState', () => {
  it('answers a retried batch with its first offset instead of appending it again', () => {
    const state = new ProducerState();
    expect(state.check(batch(7, 0, 0, 3))).toEqual({ kind: 'append' });
    state.record(batch(7, 0, 0, 3), 10);
    state.record(batch(7, 0, 3, 2), 13);
    expect(state.check(batch(7, 0, 0, 3))).toEqual({ kind: 'duplicate', baseOffset: 10 });
    expect(state.check(batch(7, 0, 3, 2))).toEqual({ kind: 'duplicate', baseOffset: 13 });
    expect(state.check(batch(7, 0, 5))).toEqual({ kind: 'append' });
  });

  it('refuses gaps and fenced epochs, accepts an epoch bump that restarts at 0', () => {
    const state = new ProducerState();
    state.record(batch(7, 1, 0), 0);
    expect(state.check(batch(7, 1, 5))).toEqual({
      kind: 'error',
      code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(state.check(batch(7, 0, 1))).toEqual({
      kind: 'error',
      code: ErrorCode.INVALID_PRODUCER_EPOCH,
    });
    expect(state.check(batch(7, 2, 3))).toEqual({
      kind: 'error',
      code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(state.check(batch(7, 2, 0))).toEqual({ kind: 'append' });
  });

  it('accepts any sequence from an unknown producer and ignores non-idempotent batches', () => {
    const state = new ProducerState();
    expect(state.check(batch(9, 0, 42))).toEqual({ kind: 'append' });
    expect(state.check(batch(-1, -1, -1))).toEqual({ kind: 'append' });
    state.record(batch(-1, -1, -1), 0);
    expect(state.size).toBe(0);
  });

  it('hands out increasing producer ids even within one millisecond', () => {
    const ids = new ProducerIds();
    const a = ids.next(1000);
    const b = ids.next(1000);
    expect(b).toBeGreaterThan(a);
    expect(ids.next(999)).toBeGreaterThan(b);
  });
});
