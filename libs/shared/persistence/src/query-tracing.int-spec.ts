import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { platformConfigSchema } from '@newsreel/shared-config';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { type Tracing, startTracing } from '@newsreel/shared-tracing';
import type { DataSource } from 'typeorm';
import { CreateSampleItem1767225600000 } from './fixtures/create-sample-item.migration';
import { SampleItemEntity } from './fixtures/sample-item.entity';
import { openDatabase } from './open-database';
import { TransactionRunner } from './transaction-runner';

// The MariaDB test server is reached with a `mysql://` URL, i.e. TypeORM's mysql dialect.
const SYSTEM = { sqlite: 'sqlite', mariadb: 'mysql', postgres: 'postgresql' } as const;

describe.each(TEST_DATABASES)('query spans on $name', (server) => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    tracing = startTracing({
      enabled: true,
      service: 'video',
      instanceId: 'video-1',
      version: '0.1.0',
      sampleRatio: 1,
      destination: { kind: 'exporter', exporter, label: 'memory' },
    });
    db = await createTestDatabase(server, { label: 'qtrace' });
    const config = platformConfigSchema.parse({
      dataDir: mkdtempSync(join(tmpdir(), 'newsreel-data-')),
      services: { video: { databaseUrl: db.url } },
    });
    ({ dataSource } = await openDatabase(config, 'video', {
      entities: [SampleItemEntity],
      migrations: [CreateSampleItem1767225600000],
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.cleanup();
    await tracing.shutdown();
  });

  beforeEach(() => exporter.reset());

  async function finished() {
    await tracing.forceFlush();
    return exporter.getFinishedSpans();
  }

  it('records queries inside a span as its CLIENT children, with no values in the SQL', async () => {
    const tracer = trace.getTracer('test');
    let parentId = '';
    await tracer.startActiveSpan('newsreel.video.v1.Publish', { kind: SpanKind.SERVER }, async (parent) => {
      parentId = parent.spanContext().spanId;
      await new TransactionRunner(dataSource).run((manager) =>
        manager.save(
          Object.assign(new SampleItemEntity(), {
            id: 'secret-id-value',
            name: 'secret name value',
            note: null,
            score: 42,
            active: true,
            createdAt: new Date(),
          }),
        ),
      );
      await dataSource.getRepository(SampleItemEntity).findOneBy({ name: 'secret name value' });
      parent.end();
    });
    const spans = (await finished()).filter((s) => s.kind === SpanKind.CLIENT);
    // PostgreSQL statements name the schema too ("svc"."sample_item"), as the convention asks.
    const insert = spans.find((s) => /^INSERT (\w+\.)?sample_item$/.test(s.name));
    const select = spans.find((s) => /^SELECT (\w+\.)?sample_item$/.test(s.name));
    expect(insert).toBeDefined();
    expect(select).toBeDefined();
    for (const span of spans) {
      expect(span.parentSpanContext?.spanId).toBe(parentId);
      expect(span.attributes['db.system.name']).toBe(SYSTEM[server.name]);
      expect(String(span.attributes['db.query.text'])).not.toMatch(/secret|42/);
    }
    expect(insert!.attributes).toMatchObject({
      'db.operation.name': 'INSERT',
      'db.collection.name': expect.stringMatching(/sample_item$/),
    });
    expect(typeof insert!.attributes['db.namespace']).toBe('string');
    // The transaction's boundaries show too.
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['COMMIT']));
  });

  it('marks a failed query as an error with the driver code', async () => {
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('parent', async (parent) => {
      await expect(dataSource.query('SELECT * FROM no_such_table')).rejects.toThrow();
      parent.end();
    });
    const failed = (await finished()).find((s) => s.name.startsWith('SELECT no_such_table'));
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toEqual(expect.any(String));
  });

  it('records nothing for queries outside any span (pollers, probes, migrations)', async () => {
    await dataSource.query('SELECT 1');
    await dataSource.getRepository(SampleItemEntity).count();
    expect(await finished()).toEqual([]);
  });
});
