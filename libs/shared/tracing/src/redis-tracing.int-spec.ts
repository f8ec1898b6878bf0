import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { closeRedis, connectRedis } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';
import { type Tracing, startTracing } from './start-tracing';

// Against the Redis at 127.0.0.1:6379, database 9 (keys are unique per run).
describe('Redis command spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let client: Redis;
  const key = `trace-test:${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    tracing = startTracing({
      enabled: true,
      service: 'like',
      instanceId: 'like-1',
      version: '0.1.0',
      sampleRatio: 1,
      destination: { kind: 'exporter', exporter, label: 'memory' },
    });
    client = await connectRedis('redis://127.0.0.1:6379/9', { name: 'trace-test' });
  });

  afterAll(async () => {
    await client.del(key);
    await closeRedis(client);
    await tracing.shutdown();
  });

  beforeEach(() => exporter.reset());

  async function finished() {
    await tracing.forceFlush();
    return exporter.getFinishedSpans();
  }

  it('records commands inside a span as CLIENT children, without keys or values', async () => {
    let parentId = '';
    await trace.getTracer('test').startActiveSpan('parent', async (parent) => {
      parentId = parent.spanContext().spanId;
      await client.set(key, 'secret-value');
      await client.get(key);
      parent.end();
    });
    const spans = (await finished()).filter((s) => s.kind === SpanKind.CLIENT);
    expect(spans.map((s) => s.name)).toEqual(['SET', 'GET']);
    for (const span of spans) {
      expect(span.parentSpanContext?.spanId).toBe(parentId);
      expect(span.attributes).toEqual({
        'db.system.name': 'redis',
        'db.operation.name': span.name,
        'db.namespace': '9',
        'server.address': '127.0.0.1',
        'server.port': 6379,
      });
      const recorded = JSON.stringify([span.name, span.attributes, span.events, span.status]);
      expect(recorded).not.toContain('secret-value');
      expect(recorded).not.toContain(key);
    }
  });

  it('marks a command Redis refuses as an error', async () => {
    await trace.getTracer('test').startActiveSpan('parent', async (parent) => {
      await client.set(key, 'text');
      await expect(client.incr(key)).rejects.toThrow(/not an integer/);
      parent.end();
    });
    const incr = (await finished()).find((s) => s.name === 'INCR');
    expect(incr?.status.code).toBe(SpanStatusCode.ERROR);
    expect(incr?.attributes['error.type']).toBe('ERR');
  });

  it('records nothing for commands outside any span', async () => {
    await client.get(key);
    await client.ping();
    expect(await finished()).toEqual([]);
  });
});
