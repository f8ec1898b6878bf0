import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  PLATFORM_CONFIG,
  SERVICE_INFO,
  type ServiceInfo,
  platformConfigSchema,
} from '@newsreel/shared-config';
import { HealthModule } from '@newsreel/shared-health';
import { LOGGER, createLogger } from '@newsreel/shared-logging';
import { DataSource } from 'typeorm';
import { CreateSampleItem1767225600000 } from './fixtures/create-sample-item.migration';
import { SampleItemEntity } from './fixtures/sample-item.entity';
import { PersistenceModule } from './persistence.module';
import { TransactionRunner } from './transaction-runner';

/** What the app logged, one parsed JSON line each. */
const logLines: Array<Record<string, unknown>> = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      logLines.push(JSON.parse(line));
    done();
  },
});

const dataDir = join(mkdtempSync(join(tmpdir(), 'newsreel-module-')), 'data');

/** Stands in for PlatformModule.forService('video'), which would read the real environment. */
@Global()
@Module({
  imports: [HealthModule.forRoot()],
  providers: [
    { provide: PLATFORM_CONFIG, useValue: platformConfigSchema.parse({ dataDir }) },
    { provide: SERVICE_INFO, useValue: { name: 'video', version: 'test' } satisfies ServiceInfo },
    {
      provide: LOGGER,
      useValue: createLogger({
        service: 'video',
        instanceId: 'video-test',
        level: 'info',
        destination: logSink,
      }),
    },
  ],
  exports: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER],
})
class FakePlatformModule {}

@Module({
  imports: [
    FakePlatformModule,
    PersistenceModule.forService({
      entities: [SampleItemEntity],
      migrations: [CreateSampleItem1767225600000],
    }),
  ],
})
class VideoAppModule {}

describe('PersistenceModule in a Nest app (embedded default: SQLite)', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(VideoAppModule, new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('provides an initialized, migrated DataSource on the service file in the data directory', async () => {
    expect(dataSource.isInitialized).toBe(true);
    expect(dataSource.options).toMatchObject({
      type: 'better-sqlite3',
      database: join(dataDir, 'video.sqlite'),
    });
    expect(existsSync(join(dataDir, 'video.sqlite'))).toBe(true);
    const rows: Array<{ name: string }> = await dataSource.query(
      'SELECT name FROM newsreel_migrations',
    );
    expect(rows.map((r) => r.name)).toEqual(['CreateSampleItem1767225600000']);
  });

  it('provides a TransactionRunner bound to that DataSource', async () => {
    const runner = app.get(TransactionRunner);
    const id = await runner.run(async (manager) => {
      await manager.insert(SampleItemEntity, {
        id: 'm-1',
        name: 'module',
        note: null,
        score: 3,
        active: true,
        createdAt: new Date(1_700_000_000_123),
      });
      return 'm-1';
    });
    const saved = await dataSource.getRepository(SampleItemEntity).findOneByOrFail({ id });
    expect(saved.createdAt.getTime()).toBe(1_700_000_000_123);
  });

  it('logs which database it uses', () => {
    const line = logLines.find((l) => l.msg === 'video database ready');
    expect(line).toMatchObject({
      service: 'video',
      database: `sqlite:${join(dataDir, 'video.sqlite')}`,
      dialect: 'better-sqlite3',
      migrationsApplied: ['CreateSampleItem1767225600000'],
    });
  });

  it('reports the database in /health/ready with its latency', async () => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      status: string;
      info: Record<string, { status: string; latencyMs: number }>;
    }>();
    expect(body.status).toBe('ok');
    expect(body.info.database.status).toBe('up');
    expect(body.info.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('closes the database when the app shuts down', async () => {
    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });
});
