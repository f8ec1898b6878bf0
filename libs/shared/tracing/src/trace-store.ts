import type { StoredSpan } from './stored-span';

/** One trace in the list of recent traces. */
export interface TraceSummary {
  traceId: string;
  /** Name of the root span (the earliest span without a parent in the store). */
  rootName: string;
  /** Service of the root span. */
  rootService: string;
  /** Every service with a span in the trace, sorted. */
  services: string[];
  spanCount: number;
  /** From the first span's start to the last span's end. */
  durationMs: number;
  /** ISO time of the first span's start. */
  startedAt: string;
  /** Whether any span ended with status error. */
  error: boolean;
}

/** A span as the trace API shows it. */
export interface SpanView extends Omit<StoredSpan, 'startTimeMs' | 'events'> {
  /** ISO start time. */
  startedAt: string;
  /** Milliseconds from the start of the trace's first span. */
  offsetMs: number;
  events: Array<{ name: string; offsetMs: number; attributes: StoredSpan['attributes'] }>;
}

/** A span with its children, in start order. */
export interface SpanNode extends SpanView {
  children: SpanNode[];
}

/** A span of another trace that links into this one (a Kafka consumer span to its producer). */
export interface LinkedSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: StoredSpan['kind'];
  service: string;
  /** The span of this trace it links to. */
  linkedSpanId: string;
}

/** One trace with all of its stored spans. */
export interface TraceDetail extends TraceSummary {
  /** Every span, flat, in start order (`parentSpanId` gives the edges). */
  spans: SpanView[];
  /**
   * The same spans as a tree. A span whose parent is not in the store (it was never exported,
   * or already evicted) is shown as a root.
   */
  tree: SpanNode[];
  /** Spans of other traces in the store whose links point into this trace. */
  linkedFrom: LinkedSpan[];
}

/** Filters of {@link TraceStore.listTraces}. */
export interface TraceQuery {
  /** Only traces with at least one span of this service. */
  service?: string;
  /** Only traces lasting at least this long. */
  minDurationMs?: number;
  /** How many traces at most, newest first (default 20). */
  limit?: number;
}

/**
 * The embedded trace store: the last `capacity` spans received, whatever process recorded them,
 * in a ring buffer (the oldest span is dropped for each new one once full), indexed by trace id.
 * Spans arrive in batches from many processes, so a trace fills in over a second or two.
 * A span received twice (an exporter retrying) is kept once.
 */
export class TraceStore {
  private readonly ring: Array<StoredSpan | undefined>;
  private next = 0;
  private count = 0;
  /** trace id -> span id -> span; Map keeps first-seen order. */
  private readonly traces = new Map<string, Map<string, StoredSpan>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`TraceStore capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<StoredSpan | undefined>(capacity);
  }

  /** Spans held now (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Adds spans; returns how many were new. */
  add(spans: readonly StoredSpan[]): number {
    let added = 0;
    for (const span of spans) {
      let trace = this.traces.get(span.traceId);
      if (trace?.has(span.spanId)) continue;
      const evicted = this.ring[this.next];
      if (evicted) this.forget(evicted);
      else this.count++;
      this.ring[this.next] = span;
      this.next = (this.next + 1) % this.capacity;
      // The eviction may have removed this very trace's last span.
      trace = this.traces.get(span.traceId);
      if (!trace) {
        trace = new Map<string, StoredSpan>();
        this.traces.set(span.traceId, trace);
      }
      trace.set(span.spanId, span);
      added++;
    }
    return added;
  }

  /** Recent traces, newest first, filtered by `query`. */
  listTraces(query: TraceQuery = {}): TraceSummary[] {
    const limit = query.limit ?? 20;
    const matches: TraceSummary[] = [];
    for (const [traceId, spans] of this.traces) {
      const list = [...spans.values()];
      if (query.service !== undefined && !list.some((s) => s.service === query.service)) continue;
      const summary = summarize(traceId, list);
      if (query.minDurationMs !== undefined && summary.durationMs < query.minDurationMs) continue;
      matches.push(summary);
    }
    matches.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return matches.slice(0, limit);
  }

  /** One trace with its span tree, or `undefined` when no span of it is stored. */
  getTrace(traceId: string): TraceDetail | undefined {
    const stored = this.traces.get(traceId.toLowerCase());
    if (!stored) return undefined;
    const list = [...stored.values()].sort((a, b) => a.startTimeMs - b.startTimeMs);
    const origin = list[0].startTimeMs;
    const spans = list.map((span) => view(span, origin));
    return {
      ...summarize(traceId.toLowerCase(), list),
      spans,
      tree: buildTree(spans),
      linkedFrom: this.linksInto(traceId.toLowerCase()),
    };
  }

  private linksInto(traceId: string): LinkedSpan[] {
    const found: LinkedSpan[] = [];
    for (const [otherId, spans] of this.traces) {
      if (otherId === traceId) continue;
      for (const span of spans.values()) {
        for (const link of span.links) {
          if (link.traceId !== traceId) continue;
          found.push({
            traceId: span.traceId,
            spanId: span.spanId,
            name: span.name,
            kind: span.kind,
            service: span.service,
            linkedSpanId: link.spanId,
          });
        }
      }
    }
    return found;
  }

  private forget(span: StoredSpan): void {
    const trace = this.traces.get(span.traceId);
    if (!trace) return;
    trace.delete(span.spanId);
    if (trace.size === 0) this.traces.delete(span.traceId);
  }
}

function summarize(traceId: string, spans: readonly StoredSpan[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let first = spans[0];
  let root: StoredSpan | undefined;
  let end = -Infinity;
  let error = false;
  const services = new Set<string>();
  for (const span of spans) {
    if (span.startTimeMs < first.startTimeMs) first = span;
    const isRoot = !span.parentSpanId || !ids.has(span.parentSpanId);
    // The true root (no parent at all) wins over a span whose parent is merely missing.
    if (isRoot && (!root || rank(span) < rank(root) || (rank(span) === rank(root) && span.startTimeMs < root.startTimeMs)))
      root = span;
    end = Math.max(end, span.startTimeMs + span.durationMs);
    if (span.status.code === 'error') error = true;
    services.add(span.service);
  }
  root ??= first;
  return {
    traceId,
    rootName: root.name,
    rootService: root.service,
    services: [...services].sort(),
    spanCount: spans.length,
    durationMs: round(end - first.startTimeMs),
    startedAt: new Date(first.startTimeMs).toISOString(),
    error,
  };
}

function rank(span: StoredSpan): number {
  return span.parentSpanId ? 1 : 0;
}

function view(span: StoredSpan, origin: number): SpanView {
  const { startTimeMs, events, ...rest } = span;
  return {
    ...rest,
    durationMs: round(span.durationMs),
    startedAt: new Date(startTimeMs).toISOString(),
    offsetMs: round(startTimeMs - origin),
    events: events.map((e) => ({
      name: e.name,
      offsetMs: round(e.timeMs - origin),
      attributes: e.attributes,
    })),
  };
}

/** Nests spans under their parents; `spans` are in start order, so children are too. */
export function buildTree(spans: readonly SpanView[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) nodes.set(span.spanId, { ...span, children: [] });
  // Edges attached so far; they always form a forest, so walking up them terminates.
  const attached = new Map<SpanNode, SpanNode>();
  const createsCycle = (node: SpanNode, parent: SpanNode) => {
    for (let at: SpanNode | undefined = parent; at; at = attached.get(at)) {
      if (at === node) return true;
    }
    return false;
  };
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentSpanId ? nodes.get(node.parentSpanId) : undefined;
    // Spans come from the network: a malformed trace (a span that is its own ancestor) must
    // not become a cyclic structure, which could not even be serialised to JSON.
    if (parent && !createsCycle(node, parent)) {
      parent.children.push(node);
      attached.set(node, parent);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
