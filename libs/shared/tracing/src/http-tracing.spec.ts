import { request } from 'node:http';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import Fastify, { type FastifyInstance } from 'fastify';
import { installHttpTracing, spanOfRequest, traceLogFields } from './http-tracing';
import { type Tracing, startTracing } from './start-tracing';

describe('installHttpTracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: FastifyInstance;
  const seenInHandler: Array<{ trace_id?: string; span_id?: string }> = [];

  beforeAll(async () => {
    tracing = startTracing({
      enabled: true,
      service: 'gateway',
      instanceId: 'gateway-1',
      version: '0.1.0',
      sampleRatio: 1,
      destination: { kind: 'exporter', exporter, label: 'memory' },
    });
    app = Fastify();
    installHttpTracing(app);
    app.get('/things/:id', () => {
      seenInHandler.push(traceLogFields(trace.getActiveSpan()));
      return Promise.resolve({ ok: true });
    });
    // A body is parsed on socket callbacks: the handler must still run in the request's context.
    app.post('/things', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      trace.getTracer('test').startSpan('child').end();
      return { same: spanOfRequest(request) === trace.getActiveSpan() };
    });
    app.get('/fail', () => Promise.reject(new Error('boom')));
    app.get('/health/live', () => Promise.resolve({ status: 'ok' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  beforeEach(() => {
    exporter.reset();
    seenInHandler.length = 0;
  });

  async function spans() {
    await tracing.forceFlush();
    return exporter.getFinishedSpans();
  }

  it('records a SERVER span named by the route, and answers with its traceparent', async () => {
    const res = await app.inject({ method: 'GET', url: '/things/42?x=1', headers: { host: 'api.example:8080' } });
    expect(res.statusCode).toBe(200);
    const [span] = await spans();
    expect(span.name).toBe('GET /things/:id');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/things/:id',
      'url.path': '/things/42',
      'url.scheme': 'http',
      'server.address': 'api.example',
      'server.port': 8080,
      'http.response.status_code': 200,
    });
    const { traceId, spanId } = span.spanContext();
    expect(res.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(seenInHandler).toEqual([{ trace_id: traceId, span_id: spanId }]);
    expect(span.resource.attributes).toMatchObject({
      'service.name': 'gateway',
      'service.instance.id': 'gateway-1',
      'service.version': '0.1.0',
    });
  });

  it('continues the trace of an incoming traceparent', async () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await app.inject({ method: 'GET', url: '/things/1', headers: { traceparent: parent } });
    const [span] = await spans();
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(res.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
  });

  it('runs a handler with a parsed body inside the request span (children attach to it)', async () => {
    // Over a real socket, the body in two packets: the end of the body arrives on a socket
    // callback, outside the context the onRequest hook entered; Fastify must carry it over.
    const address = app.server.address() as { port: number };
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: address.port, path: '/things', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '12' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.write('{"name":');
      setTimeout(() => req.end('"x"}'), 30);
    });
    expect(JSON.parse(body)).toEqual({ same: true });
    const all = await spans();
    const server = all.find((s) => s.kind === SpanKind.SERVER)!;
    const child = all.find((s) => s.name === 'child')!;
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(server.spanContext().traceId);
  });

  it('marks a 5xx as an error, and still answers unmatched routes with a traceparent', async () => {
    const failed = await app.inject({ method: 'GET', url: '/fail' });
    expect(failed.statusCode).toBe(500);
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [fail, notFound] = await spans();
    expect(fail.status.code).toBe(SpanStatusCode.ERROR);
    expect(fail.attributes['error.type']).toBe('500');
    expect(notFound.name).toBe('GET');
    expect(notFound.attributes['http.route']).toBeUndefined();
    expect(notFound.attributes['http.response.status_code']).toBe(404);
    expect(notFound.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('answers with an unsampled traceparent (flags 00) and records nothing when not sampled', async () => {
    tracing.setSampleRatio(0);
    try {
      const res = await app.inject({ method: 'GET', url: '/things/7' });
      expect(res.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(seenInHandler[0].trace_id).toBe(String(res.headers.traceparent).split('-')[1]);
      expect(await spans()).toEqual([]);
    } finally {
      tracing.setSampleRatio(1);
    }
  });

  it('leaves health probes untraced', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.traceparent).toBeUndefined();
    expect(await spans()).toEqual([]);
  });
});
