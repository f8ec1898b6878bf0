import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_OTLP_BODY_BYTES, installOtlpReceiver, isInternalAddress } from './otlp-receiver';
import { TRACE_RECEIVER_PATH, type Tracing, startTracing } from './start-tracing';
import { TraceStore } from './trace-store';

// A real OTLP/HTTP exporter (what every service runs) -> real HTTP -> the receiver -> the store.
describe('OTLP receiver', () => {
  let app: FastifyInstance;
  let url: string;
  const store = new TraceStore(1000);

  beforeAll(async () => {
    app = Fastify();
    installOtlpReceiver(app, { store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}${TRACE_RECEIVER_PATH}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('stores what a real exporter sends, with services, kinds, edges, links and status', async () => {
    const tracing: Tracing = startTracing({
      enabled: true,
      service: 'like',
      instanceId: 'like-7',
      version: '0.1.0',
      sampleRatio: 1,
      destination: { kind: 'otlp', url, label: 'the test receiver' },
    });
    const tracer = trace.getTracer('test');
    let traceId = '';
    let serverId = '';
    let clientId = '';
    const linkTarget = { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 };
    tracer.startActiveSpan('newsreel.like.v1.Like', { kind: SpanKind.SERVER, attributes: { 'video.id': 'v-1' } }, (server) => {
      traceId = server.spanContext().traceId;
      serverId = server.spanContext().spanId;
      const client = tracer.startSpan('INSERT likes', {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'INSERT' },
        links: [{ context: linkTarget }],
      });
      clientId = client.spanContext().spanId;
      client.setStatus({ code: SpanStatusCode.ERROR, message: 'constraint' });
      client.end();
      server.end();
    });
    await tracing.forceFlush();
    await tracing.shutdown();

    const stored = store.getTrace(traceId);
    expect(stored?.spanCount).toBe(2);
    const server = stored!.spans.find((s) => s.spanId === serverId)!;
    const client = stored!.spans.find((s) => s.spanId === clientId)!;
    expect(server).toMatchObject({
      name: 'newsreel.like.v1.Like',
      kind: 'server',
      service: 'like',
      serviceInstanceId: 'like-7',
      attributes: { 'video.id': 'v-1' },
    });
    expect(server.parentSpanId).toBeUndefined();
    expect(client).toMatchObject({
      parentSpanId: serverId,
      kind: 'client',
      status: { code: 'error', message: 'constraint' },
      attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'INSERT' },
      links: [{ traceId: linkTarget.traceId, spanId: linkTarget.spanId, attributes: {} }],
    });
    expect(stored!.tree[0].children[0].spanId).toBe(clientId);
    expect(client.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(server.startedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(url, { method: 'POST', headers, body });
  const validBody = (spanId: string) =>
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'push' } }] },
          scopeSpans: [
            {
              spans: [
                { traceId: 'e'.repeat(32), spanId, name: 'consume', kind: 5, startTimeUnixNano: '1', endTimeUnixNano: '2' },
              ],
            },
          ],
        },
      ],
    });

  /**
   * Sends only the head of a body larger than the limit: the receiver refuses on the declared
   * length alone, and writing the whole body would race the server closing the socket.
   */
  const declareOversize = (bytes: number) =>
    new Promise<{ status: number; json: () => Promise<unknown> }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(bytes) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, json: () => Promise.resolve(JSON.parse(text)) });
        });
      });
      req.on('error', reject);
      req.write('{"resourceSpans":');
    });

  it('accepts gzip', async () => {
    const res = await post(gzipSync(validBody('1'.repeat(16))), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(store.getTrace('e'.repeat(32))?.spans[0]).toMatchObject({ service: 'push', kind: 'consumer' });
  });

  it.each([
    ['malformed JSON', () => post('{"resourceSpans": ['), 400, /not valid JSON/],
    ['a malformed request', () => post('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "xyz"}]}]}]}'), 400, /traceId must be hex/],
    ['protobuf', () => post(Buffer.from([1, 2, 3]), { 'content-type': 'application/x-protobuf' }), 415, /JSON/],
    ['an unknown encoding', () => post(validBody('2'.repeat(16)), { 'content-type': 'application/json', 'content-encoding': 'br' }), 415, /content-encoding br/],
    ['bad gzip', () => post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, /gzip/],
    ['an oversized body', () => declareOversize(MAX_OTLP_BODY_BYTES + 1), 413, /./],
  ])('answers %s with a clear error and stays up', async (_what, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { statusCode: number; message: string };
    expect(body.statusCode).toBe(status);
    expect(body.message).toMatch(message);
    expect((await post(validBody('3'.repeat(16)))).status).toBe(200);
  });

  it('refuses peers outside the allowed networks', async () => {
    const guarded = Fastify();
    installOtlpReceiver(guarded, { store, allow: () => false });
    await guarded.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = (guarded.server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}${TRACE_RECEIVER_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: validBody('4'.repeat(16)),
      });
      expect(res.status).toBe(403);
    } finally {
      await guarded.close();
    }
  });

  it('knows which addresses are internal', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '172.20.0.5', '192.168.1.9', '::ffff:10.0.0.1', 'fd12::1', 'fe80::1'])
      expect(isInternalAddress(ip)).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:1.2.3.4', 'not-an-ip'])
      expect(isInternalAddress(ip)).toBe(false);
  });
});
