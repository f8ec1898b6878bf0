import { useState } from 'preact/hooks';
import { body } from '../api/client';
import type { SpanView, TraceDetail, TraceSummary } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, usePolling } from './platform';

/** Recent traces from the gateway's trace store, and one of them as a waterfall. */
export function TracesPanel() {
  const traces = usePolling(() =>
    body<{ items: TraceSummary[] }>(
      api.GET('/api/v1/admin/traces', { params: { query: { limit: 100 } } }),
    ),
  );
  const [selected, setSelected] = useState<string>();
  const [hideOwn, setHideOwn] = useState(true);
  const shown = (traces.value?.items ?? [])
    .filter((t) => !hideOwn || !isConsoleNoise(t))
    .slice(0, 20);
  return (
    <section id="traces" class="panel" aria-labelledby="traces-title">
      <h2 id="traces-title">Traces</h2>
      <ErrorMessage error={traces.error} />
      <label class="check">
        <input
          type="checkbox"
          checked={hideOwn}
          onChange={(e) => setHideOwn(e.currentTarget.checked)}
        />
        Hide the console's own reads and static files
      </label>
      <table>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Root</th>
            <th scope="col">Services</th>
            <th scope="col">Spans</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr
              key={t.traceId}
              class={t.error ? 'bad' : undefined}
              aria-selected={t.traceId === selected}
              data-services={t.services.length}
            >
              <td>{new Date(t.startedAt).toLocaleTimeString()}</td>
              <td>
                <button type="button" class="link" onClick={() => setSelected(t.traceId)}>
                  {t.rootService}: {t.rootName}
                </button>
              </td>
              <td>{t.services.join(', ')}</td>
              <td>{t.spanCount}</td>
              <td>{t.durationMs.toFixed(1)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && <Waterfall traceId={selected} />}
    </section>
  );
}

/** The console polls the admin API every few seconds, and pages load files: not what a learner looks for. */
function isConsoleNoise(trace: TraceSummary): boolean {
  return (
    trace.spanCount === 1 &&
    /^GET \/(api\/v1\/admin\/|assets\/|media\/|console|favicon|$)/.test(trace.rootName)
  );
}

/** Depth of each span in its trace (a span whose parent is not stored is a root). */
function depths(spans: SpanView[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depth = new Map<string, number>();
  const of = (span: SpanView): number => {
    const known = depth.get(span.spanId);
    if (known !== undefined) return known;
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    const value = parent ? of(parent) + 1 : 0;
    depth.set(span.spanId, value);
    return value;
  };
  spans.forEach(of);
  return depth;
}

function Waterfall({ traceId }: { traceId: string }) {
  // Polled too: late spans (a Kafka consumer's) join a stored trace after its request ended.
  const trace = usePolling(
    () =>
      body<TraceDetail>(
        api.GET('/api/v1/admin/traces/{traceId}', { params: { path: { traceId } } }),
      ),
    [traceId],
  );
  const detail = trace.value;
  const total = Math.max(detail?.durationMs ?? 1, 0.001);
  const depth = detail ? depths(detail.spans) : new Map<string, number>();
  return (
    <figure class="waterfall" aria-labelledby="waterfall-title">
      <figcaption id="waterfall-title">
        Trace <code>{traceId}</code>
        {detail && (
          <>
            {' '}
            · {detail.services.join(', ')} · {detail.durationMs.toFixed(1)} ms
          </>
        )}
      </figcaption>
      <ErrorMessage error={trace.error} />
      <ol>
        {detail?.spans.map((span) => (
          <li key={span.spanId} data-service={span.service}>
            <span
              class="span-label"
              style={{ paddingLeft: `${(depth.get(span.spanId) ?? 0) * 0.75}rem` }}
            >
              <span class={`service service-${span.service}`}>{span.service}</span> {span.name}
            </span>
            <span class="span-track">
              <span
                class={`span-bar service-${span.service}${span.status.code === 'error' ? ' error' : ''}`}
                style={{
                  left: `${(span.offsetMs / total) * 100}%`,
                  width: `${Math.max((span.durationMs / total) * 100, 0.5)}%`,
                }}
                title={`${span.durationMs.toFixed(2)} ms at +${span.offsetMs.toFixed(2)} ms`}
              />
            </span>
            <span class="span-time">{span.durationMs.toFixed(1)} ms</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
