import type { StoredSpan } from './stored-span';
import { TraceStore } from './trace-store';

const T1 = '1'.repeat(32);
const T2 = '2'.repeat(32);
const T3 = '3'.repeat(32);

let clock = Date.UTC(2026, 0, 1);
function span(traceId: string, spanId: string, parentSpanId?: string, extra: Partial<StoredSpan> = {}): StoredSpan {
  return {
    traceId,
    spanId: spanId.padStart(16, '0'),
    ...(parentSpanId ? { parentSpanId: parentSpanId.padStart(16, '0') } : {}),
    name: `op ${spanId}`,
    kind: 'internal',
    service: 'gateway',
    startTimeMs: clock++,
    durationMs: 1,
    status: { code: 'unset' },
    attributes: {},
    events: [],
    links: [],
    ...extra,
  };
}

describe('TraceStore', () => {
  it('keeps only the last `capacity` spans, evicting the oldest first', () => {
    const store = new TraceStore(3);
    store.add([span(T1, 'a'), span(T1, 'b', 'a')]);
    store.add([span(T2, 'c'), span(T2, 'd', 'c')]);
    expect(store.size).toBe(3);
    // T1's root was evicted; its child is now shown as a root.
    expect(store.getTrace(T1)?.spans.map((s) => s.spanId)).toEqual(['000000000000000b']);
    store.add([span(T3, 'e')]);
    expect(store.getTrace(T1)).toBeUndefined();
    expect(store.listTraces().map((t) => t.traceId)).toEqual([T3, T2]);
    expect(store.size).toBe(3);
  });

  it('keeps a span sent twice (an exporter retrying) once', () => {
    const store = new TraceStore(10);
    const root = span(T1, 'a');
    expect(store.add([root, span(T1, 'b', 'a')])).toBe(2);
    expect(store.add([root])).toBe(0);
    expect(store.size).toBe(2);
    expect(store.getTrace(T1)?.spanCount).toBe(2);
  });

  it('builds the span tree from parent ids, children in start order, across services', () => {
    const store = new TraceStore(100);
    // Arrive out of order, from different processes.
    const at = (offset: number) => ({ startTimeMs: clock + offset });
    const http = span(T1, 'a', undefined, { kind: 'server', name: 'PUT /api/v1/videos/:id/like', durationMs: 10, ...at(0) });
    const rpcClient = span(T1, 'b', 'a', { kind: 'client', ...at(1) });
    const rpcServer = span(T1, 'c', 'b', { service: 'like', kind: 'server', ...at(2) });
    const db = span(T1, 'd', 'c', { service: 'like', kind: 'client', name: 'INSERT likes', ...at(3) });
    const second = span(T1, 'e', 'a', { kind: 'client', ...at(5) });
    store.add([db, rpcServer]);
    store.add([second, rpcClient, http]);
    const trace = store.getTrace(T1)!;
    expect(trace.tree).toHaveLength(1);
    const root = trace.tree[0];
    expect(root.name).toBe('PUT /api/v1/videos/:id/like');
    expect(root.children.map((c) => c.spanId)).toEqual(['000000000000000b', '000000000000000e']);
    expect(root.children[0].children[0].service).toBe('like');
    expect(root.children[0].children[0].children[0].name).toBe('INSERT likes');
    expect(trace.spans.map((s) => s.offsetMs)).toEqual([...trace.spans.map((s) => s.offsetMs)].sort((x, y) => x - y));
    expect(trace).toMatchObject({
      rootName: 'PUT /api/v1/videos/:id/like',
      rootService: 'gateway',
      services: ['gateway', 'like'],
      spanCount: 5,
      durationMs: 10,
      error: false,
      startedAt: new Date(http.startTimeMs).toISOString(),
    });
  });

  it('never builds a cycle from spans that claim each other as parents', () => {
    const store = new TraceStore(10);
    store.add([span(T1, 'a', 'b'), span(T1, 'b', 'a'), span(T1, 'c', 'c')]);
    const trace = store.getTrace(T1)!;
    expect(() => JSON.stringify(trace)).not.toThrow();
    const count = (nodes: typeof trace.tree): number =>
      nodes.reduce((n, node) => n + 1 + count(node.children), 0);
    expect(count(trace.tree)).toBe(3);
  });

  it('filters the list by service and minimum duration, newest first, up to a limit', () => {
    const store = new TraceStore(100);
    store.add([span(T1, 'a', undefined, { durationMs: 5 }), span(T1, 'b', 'a', { service: 'like' })]);
    store.add([span(T2, 'c', undefined, { durationMs: 50, status: { code: 'error', message: 'x' } })]);
    store.add([span(T3, 'd', undefined, { durationMs: 1 })]);
    expect(store.listTraces().map((t) => t.traceId)).toEqual([T3, T2, T1]);
    expect(store.listTraces({ service: 'like' }).map((t) => t.traceId)).toEqual([T1]);
    expect(store.listTraces({ minDurationMs: 5 }).map((t) => t.traceId)).toEqual([T2, T1]);
    expect(store.listTraces({ limit: 1 }).map((t) => t.traceId)).toEqual([T3]);
    expect(store.listTraces({ service: 'push' })).toEqual([]);
    expect(store.listTraces({ minDurationMs: 5 })[0]).toMatchObject({ error: true, spanCount: 1, durationMs: 50 });
  });

  it('lists the spans of other traces that link into a trace', () => {
    const store = new TraceStore(100);
    const producer = span(T1, 'a', undefined, { kind: 'producer' });
    const consumer = span(T2, 'b', undefined, {
      kind: 'consumer',
      service: 'push',
      links: [{ traceId: T1, spanId: producer.spanId, attributes: {} }],
    });
    store.add([producer, consumer]);
    expect(store.getTrace(T1)?.linkedFrom).toEqual([
      { traceId: T2, spanId: consumer.spanId, name: consumer.name, kind: 'consumer', service: 'push', linkedSpanId: producer.spanId },
    ]);
    expect(store.getTrace(T2)?.linkedFrom).toEqual([]);
  });

  it('finds a trace by an upper-case id and refuses a useless capacity', () => {
    const store = new TraceStore(5);
    store.add([span(T1.replace(/1/g, 'a'), 'a')]);
    expect(store.getTrace('A'.repeat(32))?.spanCount).toBe(1);
    expect(() => new TraceStore(0)).toThrow(RangeError);
  });
});
