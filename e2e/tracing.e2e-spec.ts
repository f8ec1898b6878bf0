import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { waitFor } from '@newsreel/shared-testing';
import { apiClient, publishVideo, registerUser } from './http-client';

/** A span as `GET /api/v1/admin/traces/:traceId` returns it. */
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
  status: { code: string };
}
interface TraceBody {
  traceId: string;
  spans: Span[];
  tree: Array<Span & { children: unknown[] }>;
  linkedFrom: Array<{ traceId: string; spanId: string; linkedSpanId: string }>;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

// The whole platform as real processes, tracing on with the embedded store in the gateway (no
// OTLP endpoint): every service exports to the gateway's receiver. Like OpenTelemetry's demo,
// the test checks the parent -> child edges between services, not just that spans exist.
describe('distributed tracing', () => {
  let platform: RunningPlatform;
  let isolated: IsolatedPlatformEnv;
  let api: ReturnType<typeof apiClient>;
  let adminToken: string;
  const logs: Array<{ service: string; line: string }> = [];

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv({ label: 'tracing' });
    platform = await launchPlatform({
      rootDir: join(__dirname, '..'),
      env: { ...isolated.env, NEWSREEL_TRACING_SAMPLE_RATIO: '1' },
      onLog: (service, line) => logs.push({ service, line }),
    });
    api = apiClient(platform.gatewayUrl);
    const login = await api('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: 'newsreel-admin-dev' },
    });
    expect(login.status).toBe(200);
    adminToken = login.body.accessToken as string;
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  const user = () => registerUser(api, 't');

  const readTrace = async (traceId: string) => {
    const res = await api<TraceBody>('GET', `/api/v1/admin/traces/${traceId}`, {
      token: adminToken,
    });
    return res.status === 200 ? res.body : undefined;
  };

  /** The spans of `trace` as lines, for failure messages that show what did arrive. */
  const describeSpans = (spans: Span[]) =>
    spans
      .map((s) => `  ${s.service} ${s.kind} "${s.name}" ${s.spanId} <- ${s.parentSpanId ?? 'root'}`)
      .join('\n');

  it('follows a like through the gateway, the like service, its database, Kafka and push', async () => {
    const author = await user();
    const fan = await user();
    const videoId = await publishVideo(api, author.token, 'traced');

    const liked = await api('PUT', `/api/v1/videos/${videoId}/like`, { token: fan.token });
    expect(liked.status).toBe(200);
    const [, traceId, gatewaySpanId, flags] =
      TRACEPARENT.exec(liked.headers.get('traceparent') ?? '') ?? [];
    expect(traceId).toBeDefined();
    expect(flags).toBe('01');

    // Spans arrive in batches from six processes; wait until the last hop (push) has reported.
    let trace: TraceBody | undefined;
    let spans: Span[] = [];
    const byId = () => new Map(spans.map((s) => [s.spanId, s]));
    const one = (what: string, match: (s: Span) => boolean): Span => {
      const found = spans.find(match);
      if (!found) throw new Error(`no ${what} in trace ${traceId}:\n${describeSpans(spans)}`);
      return found;
    };
    await waitFor(
      async () => {
        trace = await readTrace(traceId);
        spans = trace?.spans ?? [];
        return spans.some((s) => s.service === 'push' && s.kind === 'consumer');
      },
      { timeoutMs: 20_000, intervalMs: 250, what: `the push consume span in trace ${traceId}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; spans so far:\n${describeSpans(spans)}`);
    });

    // gateway: the HTTP server span is the root, and it is the span the traceparent named.
    const http = one(
      'gateway HTTP server span',
      (s) => s.service === 'gateway' && s.kind === 'server',
    );
    expect(http).toMatchObject({
      spanId: gatewaySpanId,
      name: 'PUT /api/v1/videos/:id/like',
      attributes: {
        'http.request.method': 'PUT',
        'http.route': '/api/v1/videos/:id/like',
        'http.response.status_code': 200,
        'user.id': fan.id,
        'video.id': videoId,
      },
    });
    expect(http.parentSpanId).toBeUndefined();
    expect(trace!.tree.map((root) => root.spanId)).toEqual([http.spanId]);

    // gateway -> video (getVideo) and gateway -> like (like): client span under the HTTP span,
    // the service's server span under the client span.
    const rpcPair = (service: string, method: string) => {
      const client = one(
        `gateway RPC client span for ${service}.${method}`,
        (s) =>
          s.service === 'gateway' && s.kind === 'client' && s.attributes['rpc.method'] === method,
      );
      const server = one(
        `${service} RPC server span for ${method}`,
        (s) =>
          s.service === service && s.kind === 'server' && s.attributes['rpc.method'] === method,
      );
      expect(client.parentSpanId).toBe(http.spanId);
      expect(server.parentSpanId).toBe(client.spanId);
      return { client, server };
    };
    rpcPair('video', 'getVideo');
    const { server: likeServer } = rpcPair('like', 'like');

    // like -> its database: every like-service query span sits under the RPC server span.
    const isUnder = (span: Span, ancestor: Span) => {
      const index = byId();
      for (let at = index.get(span.parentSpanId ?? ''); at; at = index.get(at.parentSpanId ?? '')) {
        if (at.spanId === ancestor.spanId) return true;
      }
      return false;
    };
    const queries = spans.filter(
      (s) => s.service === 'like' && s.kind === 'client' && s.attributes['db.system.name'],
    );
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.some((q) => q.attributes['db.operation.name'] === 'INSERT')).toBe(true);
    for (const query of queries) expect(isUnder(query, likeServer)).toBe(true);
    for (const query of queries)
      expect(String(query.attributes['db.query.text'])).not.toContain(fan.id);

    // like -> Kafka (through the outbox relay): the PRODUCER span continues the request's trace
    // under the like call; push's CONSUMER span is the producer's child.
    const produce = one(
      'like.created.v1 PRODUCER span',
      (s) =>
        s.service === 'like' &&
        s.kind === 'producer' &&
        s.attributes['messaging.destination.name'] === 'like.created.v1',
    );
    expect(isUnder(produce, likeServer)).toBe(true);
    const consume = one(
      'push CONSUMER span of like.created.v1',
      (s) =>
        s.service === 'push' &&
        s.kind === 'consumer' &&
        s.attributes['messaging.destination.name'] === 'like.created.v1',
    );
    expect(consume.parentSpanId).toBe(produce.spanId);

    // Nothing secret or personal went into any span.
    const everything = JSON.stringify(spans);
    expect(everything).not.toContain('correct horse');
    expect(everything).not.toContain(fan.token);

    // The list finds the trace by service and duration.
    const list = await api('GET', '/api/v1/admin/traces?service=push&limit=200', {
      token: adminToken,
    });
    expect(list.status).toBe(200);
    const summary = (list.body.items as Array<{ traceId: string }>).find(
      (t) => t.traceId === traceId,
    );
    expect(summary).toMatchObject({
      rootName: 'PUT /api/v1/videos/:id/like',
      rootService: 'gateway',
      services: expect.arrayContaining(['gateway', 'video', 'like', 'push']),
      error: false,
    });
  });

  it('joins a failed request to its trace and to the gateway log line by trace id', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await api('GET', `/api/v1/videos/${missing}`);
    expect(res.status).toBe(404);
    const [, traceId] = TRACEPARENT.exec(res.headers.get('traceparent') ?? '') ?? [];
    expect(traceId).toBeDefined();
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', traceId });

    const line = await waitFor(
      () =>
        logs
          .filter((l) => l.service === 'gateway')
          .map((l) => JSON.parse(l.line) as Record<string, unknown>)
          .find((entry) => entry.trace_id === traceId),
      { timeoutMs: 5000, what: `a gateway log line with trace_id ${traceId}` },
    );
    expect(line).toMatchObject({ statusCode: 404, route: '/api/v1/videos/:id', level: 'info' });
    expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);

    // The trace exists too, and the log line names its root span.
    const trace = await waitFor(() => readTrace(traceId), {
      timeoutMs: 10_000,
      what: `trace ${traceId}`,
    });
    const root = trace.spans.find((s) => !s.parentSpanId);
    expect(root).toMatchObject({
      service: 'gateway',
      name: 'GET /api/v1/videos/:id',
      spanId: line.span_id,
    });
    expect(root?.attributes['http.response.status_code']).toBe(404);
  });

  it('answers every response with a traceparent, errors and unknown routes included', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/feed'],
      ['GET', '/api/v1/no-such-route'],
      ['POST', '/api/v1/auth/login'],
    ] as const) {
      const res = await api(method, path, {
        rawBody: method === 'POST' ? '{"broken' : undefined,
        headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
      });
      expect(res.headers.get('traceparent'), `${method} ${path}`).toMatch(TRACEPARENT);
      if (res.status >= 400)
        expect(res.body.traceId).toBe(TRACEPARENT.exec(res.headers.get('traceparent')!)![1]);
    }
  });

  it("follows a caller's unsampled traceparent: no service records a span, the trace id goes on", async () => {
    // Sampling is 100% here, so any span started for this request would be recorded: an RPC hop
    // that lost the caller's flag would start a sampled trace of its own (a root RPC span).
    const unsampledId = '5ce0e9a56015fec5aadfa328ae398115';
    // A video in the feed, so the feed asks account for its author too (two services called).
    await publishVideo(api, (await user()).token, 'unsampled');
    const res = await api('GET', '/api/v1/feed', {
      headers: { traceparent: `00-${unsampledId}-ab42124a3c573678-00` },
    });
    expect(res.status).toBe(200);
    const [, traceId, , flags] = TRACEPARENT.exec(res.headers.get('traceparent') ?? '') ?? [];
    expect({ traceId, flags }).toEqual({ traceId: unsampledId, flags: '00' });

    // A sampled request afterwards: once its whole trace is in, every span of the earlier
    // request that was going to be exported has been.
    const marker = await api('GET', '/api/v1/feed');
    const [, markerId] = TRACEPARENT.exec(marker.headers.get('traceparent') ?? '') ?? [];
    await waitFor(
      async () => {
        const services = new Set((await readTrace(markerId))?.spans.map((s) => s.service));
        return services.has('video') && services.has('account') && services.has('gateway');
      },
      { timeoutMs: 10_000, what: `the spans of gateway, video and account in trace ${markerId}` },
    );
    expect(await readTrace(unsampledId)).toBeUndefined();
    const listed = await api<{ items: Array<{ rootName: string; rootService: string }> }>(
      'GET',
      '/api/v1/admin/traces?limit=200',
      { token: adminToken },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.filter((t) => t.rootService !== 'gateway' && /v1\//.test(t.rootName))).toEqual([]);
  });

  it('keeps the trace store for admins, with validated queries', async () => {
    const fan = await user();
    expect((await api('GET', '/api/v1/admin/traces')).status).toBe(401);
    expect((await api('GET', '/api/v1/admin/traces', { token: fan.token })).status).toBe(403);
    const bad = await api('GET', '/api/v1/admin/traces?minDurationMs=-1', { token: adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/minDurationMs/);
    expect(
      (await api('GET', '/api/v1/admin/traces?colour=red', { token: adminToken })).status,
    ).toBe(400);
    expect(
      (await api('GET', '/api/v1/admin/traces/not-a-trace-id', { token: adminToken })).status,
    ).toBe(400);
    const unknown = await api('GET', `/api/v1/admin/traces/${'f'.repeat(32)}`, {
      token: adminToken,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/not in the trace store/);
  });
});
