import { Bulkhead, BulkheadRejectedError, type BulkheadLimits } from './bulkhead';

/** Work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => done };
}

describe('Bulkhead', () => {
  let limits: BulkheadLimits;
  let bulkhead: Bulkhead;

  beforeEach(() => {
    vi.useFakeTimers();
    limits = { maxConcurrent: 2, maxQueued: 1, maxWaitMs: 1000 };
    bulkhead = new Bulkhead('hashing', () => limits);
  });
  afterEach(() => vi.useRealTimers());

  it('runs up to maxConcurrent at once, queues the next ones, refuses beyond the queue', async () => {
    const [a, b, c] = [gate(), gate(), gate()];
    const running = [bulkhead.run(a.work), bulkhead.run(b.work)];
    const queued = bulkhead.run(c.work);
    expect(bulkhead.stats()).toMatchObject({ active: 2, queued: 1 });

    const overflow = await bulkhead.run(() => Promise.resolve('never')).catch((e: unknown) => e);
    expect(overflow).toBeInstanceOf(BulkheadRejectedError);
    expect(overflow).toMatchObject({ reason: 'queue_full', retryAfterMs: 1000 });

    a.open();
    await running[0];
    // The queued item took the freed slot.
    expect(bulkhead.stats()).toMatchObject({ active: 2, queued: 0, admitted: 3 });
    b.open();
    c.open();
    await Promise.all([running[1], queued]);
    expect(bulkhead.stats()).toEqual({
      active: 0,
      queued: 0,
      admitted: 3,
      rejected: { queue_full: 1, wait_timeout: 0 },
    });
  });

  it('refuses a queued item that waited maxWaitMs, and never runs it', async () => {
    const [a, b] = [gate(), gate()];
    void bulkhead.run(a.work);
    void bulkhead.run(b.work);
    let ran = false;
    const waiting = bulkhead
      .run(() => {
        ran = true;
        return Promise.resolve();
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(bulkhead.stats().queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toMatchObject({ reason: 'wait_timeout' });
    a.open();
    b.open();
    await vi.runAllTimersAsync();
    expect(ran).toBe(false);
    expect(bulkhead.stats()).toMatchObject({ active: 0, queued: 0, rejected: { wait_timeout: 1 } });
  });

  it('frees the slot when the work throws, and passes the error on', async () => {
    limits = { maxConcurrent: 1, maxQueued: 0, maxWaitMs: 10 };
    await expect(bulkhead.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(bulkhead.run(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it('reads its limits at each admission (hot configuration)', async () => {
    limits = { maxConcurrent: 1, maxQueued: 0, maxWaitMs: 10 };
    const a = gate();
    const first = bulkhead.run(a.work);
    await expect(bulkhead.run(() => Promise.resolve(1))).rejects.toThrow(BulkheadRejectedError);
    limits = { maxConcurrent: 2, maxQueued: 0, maxWaitMs: 10 };
    await expect(bulkhead.run(() => Promise.resolve(2))).resolves.toBe(2);
    a.open();
    await first;
  });
});
