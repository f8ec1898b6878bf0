import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformConfigSchema } from '@newsreel/shared-config';
import {
  MIGRATIONS_TABLE,
  type PersistenceParts,
  resolveDatabaseOptions,
  resolveDatabaseUrl,
} from './database-options';
import { CreateSampleItem1767225600000 } from './fixtures/create-sample-item.migration';
import { SampleItemEntity } from './fixtures/sample-item.entity';

const parts: PersistenceParts = {
  entities: [SampleItemEntity],
  migrations: [CreateSampleItem1767225600000],
};

function config(
  video: { databaseUrl?: string } = {},
  dataDir = mkdtempSync(join(tmpdir(), 'newsreel-opts-')),
) {
  return platformConfigSchema.parse({ dataDir, services: { video } });
}

describe('resolveDatabaseOptions', () => {
  it('defaults to a SQLite file per service in the data directory, creating the directory', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'newsreel-opts-')), 'not', 'yet');
    const options = resolveDatabaseOptions(config({}, dataDir), 'video', parts);

    expect(resolveDatabaseUrl(config({}, dataDir), 'video')).toBe(
      `sqlite:${join(dataDir, 'video.sqlite')}`,
    );
    expect(options).toMatchObject({
      type: 'better-sqlite3',
      database: join(dataDir, 'video.sqlite'),
      enableWAL: true,
      timeout: 5000,
    });
    expect(existsSync(dataDir)).toBe(true);
  });

  it('never synchronizes, always migrates, into the same migrations table on every dialect', () => {
    for (const databaseUrl of [
      undefined,
      'sqlite::memory:',
      'mysql://root@h/db',
      'mariadb://root@h/db',
      'postgres://u@h/d?schema=video',
    ]) {
      expect(resolveDatabaseOptions(config({ databaseUrl }), 'video', parts)).toMatchObject({
        synchronize: false,
        migrationsRun: true,
        migrationsTableName: MIGRATIONS_TABLE,
        entities: [SampleItemEntity],
        migrations: [CreateSampleItem1767225600000],
      });
    }
  });

  it('configures MySQL and MariaDB for UTC, exact string comparison and a bounded pool', () => {
    const options = resolveDatabaseOptions(
      config({ databaseUrl: 'mariadb://app:pw@db:3307/newsreel_video' }),
      'video',
      parts,
    );
    expect(options).toMatchObject({
      type: 'mariadb',
      host: 'db',
      port: 3307,
      username: 'app',
      password: 'pw',
      database: 'newsreel_video',
      timezone: 'Z',
      charset: 'utf8mb4_bin',
      poolSize: 10,
    });
    expect(
      resolveDatabaseOptions(config({ databaseUrl: 'mysql://root@h/db' }), 'video', parts).type,
    ).toBe('mysql');
  });

  it('puts the PostgreSQL schema in the options and first in the search path, in UTC', () => {
    const options = resolveDatabaseOptions(
      config({ databaseUrl: 'postgres://u@h/d?schema=video' }),
      'video',
      parts,
    );
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'video',
      poolSize: 10,
      extra: { options: '-c TimeZone=UTC -c search_path=video' },
    });
  });

  it('reads the URL of the service asked for, not another one', () => {
    const cfg = platformConfigSchema.parse({
      services: {
        video: { databaseUrl: 'mysql://root@h/video' },
        like: { databaseUrl: 'mysql://root@h/like' },
      },
    });
    expect(resolveDatabaseOptions(cfg, 'like', parts)).toMatchObject({ database: 'like' });
  });
});
