import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { platformConfigSchema } from '@newsreel/shared-config';
import { type Logger, createLogger } from '@newsreel/shared-logging';
import { type TestDatabase, createTestDatabase, freePort } from '@newsreel/shared-testing';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PersistenceParts } from './database-options';
import { CreateSampleItem1767225600000 } from './fixtures/create-sample-item.migration';
import { SampleItemEntity } from './fixtures/sample-item.entity';
import { DatabaseUnavailableError, openDatabase } from './open-database';

const parts: PersistenceParts = {
  entities: [SampleItemEntity],
  migrations: [CreateSampleItem1767225600000],
};

/** A config whose data directory is empty, so any SQLite fallback would leave a file behind. */
function configFor(databaseUrl: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsreel-data-'));
  return {
    dataDir,
    config: platformConfigSchema.parse({ dataDir, services: { video: { databaseUrl } } }),
  };
}

async function openFailure(databaseUrl: string, withParts = parts, logger?: Logger) {
  const { dataDir, config } = configFor(databaseUrl);
  const error = await openDatabase(config, 'video', withParts, { logger }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error: error as DatabaseUnavailableError, dataDir };
}

describe('openDatabase when the configured database cannot be used', () => {
  it('names the service, the redacted URL and the cause of an unreachable MySQL, without falling back', async () => {
    const port = await freePort();
    const { error, dataDir } = await openFailure(
      `mysql://root:secret@127.0.0.1:${port}/newsreel_video`,
    );

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error.message).toBe(
      `video database mysql://root:***@127.0.0.1:${port}/newsreel_video is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(error).toMatchObject({ service: 'video', failure: 'unreachable' });
    expect(error.message).not.toContain('secret');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('reports an unreachable PostgreSQL the same way', async () => {
    const port = await freePort();
    const { error, dataDir } = await openFailure(
      `postgres://app:pw@127.0.0.1:${port}/newsreel?schema=video`,
    );

    expect(error.message).toBe(
      `video database postgres://app:***@127.0.0.1:${port}/newsreel?schema=video is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('says when the server refuses the credentials', async () => {
    const mysql = await openFailure('mysql://nobody_here:wrong@127.0.0.1:3306/test');
    expect(mysql.error.failure).toBe('credentials');
    expect(mysql.error.message).toMatch(
      /^video database mysql:\/\/nobody_here:\*\*\*@127\.0\.0\.1:3306\/test refused the credentials: Access denied for user 'nobody_here'/,
    );

    const postgres = await openFailure('postgres://nobody_here@127.0.0.1:5432/test');
    expect(postgres.error.failure).toBe('credentials');
    expect(postgres.error.message).toMatch(
      /refused the credentials: role "nobody_here" does not exist/,
    );
  });

  describe('with a migration that fails', () => {
    class Broken1767225700000 implements MigrationInterface {
      name = 'Broken1767225700000';
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('SELECT * FROM no_such_table');
      }
      async down(): Promise<void> {}
    }
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('sqlite');
    });
    afterAll(() => db.cleanup());

    it('says the migrations failed, logs which one, and keeps the ones before it', async () => {
      const lines: Array<Record<string, unknown>> = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(
            ...chunk
              .toString()
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l)),
          );
          done();
        },
      });
      const logger = createLogger({
        service: 'video',
        instanceId: 'video-test',
        level: 'info',
        destination,
      });
      const { error } = await openFailure(
        db.url,
        {
          entities: parts.entities,
          migrations: [CreateSampleItem1767225600000, Broken1767225700000],
        },
        logger,
      );
      expect(error.failure).toBe('migrations');
      expect(error.message).toMatch(
        /^video database sqlite:.* could not be migrated: .*no such table: no_such_table/,
      );
      expect(lines.map((l) => l.msg)).toContain(
        'Migration "Broken1767225700000" failed, error: no such table: no_such_table',
      );

      const { config } = configFor(db.url);
      const reopened = await openDatabase(config, 'video', parts);
      try {
        expect(reopened.applied).toEqual([]);
      } finally {
        await reopened.dataSource.destroy();
      }
    });
  });
});

describe('openDatabase with a mariadb:// URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('mariadb', { label: 'mariadb_scheme' });
  });
  afterAll(() => db.cleanup());

  it('uses the MariaDB dialect of TypeORM on the same driver', async () => {
    const { config } = configFor(db.url.replace(/^mysql:/, 'mariadb:'));
    const opened = await openDatabase(config, 'video', parts);
    try {
      expect(opened.dataSource.options.type).toBe('mariadb');
      expect(opened.applied).toEqual(['CreateSampleItem1767225600000']);
      const [row]: Array<{ version: string }> = await opened.dataSource.query(
        'SELECT VERSION() AS version',
      );
      expect(row.version).toMatch(/MariaDB/i);
    } finally {
      await opened.dataSource.destroy();
    }
  });
});
