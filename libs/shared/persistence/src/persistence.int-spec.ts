import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformConfig, platformConfigSchema } from '@newsreel/shared-config';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { LessThan, type DataSource } from 'typeorm';
import { MIGRATIONS_TABLE, type PersistenceParts } from './database-options';
import { CreateSampleItem1767225600000 } from './fixtures/create-sample-item.migration';
import { SampleItemEntity } from './fixtures/sample-item.entity';
import { openDatabase } from './open-database';
import { TransactionRunner } from './transaction-runner';
import { isUniqueViolation } from './unique-violation';

const parts: PersistenceParts = {
  entities: [SampleItemEntity],
  migrations: [CreateSampleItem1767225600000],
};

function configFor(
  databaseUrl: string | undefined,
  dataDir = mkdtempSync(join(tmpdir(), 'newsreel-data-')),
) {
  return platformConfigSchema.parse({ dataDir, services: { video: { databaseUrl } } });
}

function item(id: string, overrides: Partial<SampleItemEntity> = {}): SampleItemEntity {
  return Object.assign(new SampleItemEntity(), {
    id,
    name: `name-${id}`,
    note: null,
    score: 1,
    active: false,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    ...overrides,
  });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

// The same behaviour, checked on every database the platform supports: a service's code does
// not know which one it runs on.
describe.each(TEST_DATABASES)('persistence on $name', (server) => {
  let db: TestDatabase;
  let config: PlatformConfig;
  let dataSource: DataSource;
  let applied: string[];
  let transactions: TransactionRunner;

  beforeAll(async () => {
    db = await createTestDatabase(server, { label: 'persistence' });
    config = configFor(db.url);
    ({ dataSource, applied } = await openDatabase(config, 'video', parts));
    transactions = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.cleanup();
  });

  const repo = () => dataSource.getRepository(SampleItemEntity);

  it('runs the migrations when it opens the database', async () => {
    expect(applied).toEqual(['CreateSampleItem1767225600000']);
    const queryRunner = dataSource.createQueryRunner();
    try {
      expect(await queryRunner.hasTable('sample_item')).toBe(true);
    } finally {
      await queryRunner.release();
    }
    const rows: Array<{ name: string }> = await dataSource.query(
      `SELECT name FROM ${MIGRATIONS_TABLE}`,
    );
    expect(rows.map((r) => r.name)).toEqual(['CreateSampleItem1767225600000']);
  });

  it('reads back exactly what it wrote, timestamps included', async () => {
    const createdAt = new Date('2024-02-29T23:59:58.123Z');
    await repo().save(item('rt-1', { note: 'ünïcode ✓', score: -42, active: true, createdAt }));

    const read = await repo().findOneByOrFail({ id: 'rt-1' });
    expect(read).toEqual(item('rt-1', { note: 'ünïcode ✓', score: -42, active: true, createdAt }));
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.createdAt.toISOString()).toBe('2024-02-29T23:59:58.123Z');

    // Stored as epoch milliseconds, so SQL comparisons and ordering work on the raw column.
    const [raw]: Array<{ created_at: number | string }> = await dataSource.query(
      `SELECT created_at FROM sample_item WHERE id = 'rt-1'`,
    );
    expect(Number(raw.created_at)).toBe(createdAt.getTime());
    const before = await repo().findBy({
      createdAt: LessThan(new Date('2024-03-01T00:00:00.000Z')),
    });
    expect(before.map((i) => i.id)).toEqual(['rt-1']);
  });

  it('recognises a unique index or primary key violation, and nothing else', async () => {
    await repo().insert(item('uq-1', { name: 'taken' }));

    const duplicateName = await caught(repo().insert(item('uq-2', { name: 'taken' })));
    const duplicateKey = await caught(repo().insert(item('uq-1', { name: 'other' })));
    const notNull = await caught(
      repo().insert({ ...item('uq-3'), score: null as unknown as number }),
    );

    expect(duplicateName).toBeInstanceOf(Error);
    expect(isUniqueViolation(duplicateName)).toBe(true);
    expect(isUniqueViolation(duplicateKey)).toBe(true);
    expect(notNull).toBeInstanceOf(Error);
    expect(isUniqueViolation(notNull)).toBe(false);
    expect(await repo().countBy({ name: 'taken' })).toBe(1);
  });

  it('compares strings exactly (a unique name differing only in case is a different name)', async () => {
    await repo().insert(item('case-1', { name: 'Alice' }));
    await repo().insert(item('case-2', { name: 'alice' }));
    expect((await repo().findBy({ name: 'alice' })).map((i) => i.id)).toEqual(['case-2']);
  });

  it('commits the work of a transaction together', async () => {
    const result = await transactions.run(async (manager) => {
      await manager.insert(SampleItemEntity, item('tx-1'));
      await manager.insert(SampleItemEntity, item('tx-2'));
      return 'done';
    });
    expect(result).toBe('done');
    expect((await repo().findBy([{ id: 'tx-1' }, { id: 'tx-2' }])).map((i) => i.id).sort()).toEqual(
      ['tx-1', 'tx-2'],
    );
  });

  it('rolls the whole transaction back when the work throws', async () => {
    const error = await caught(
      transactions.run(async (manager) => {
        await manager.insert(SampleItemEntity, item('rb-1'));
        // A nested run joins the outer transaction, so it is rolled back too.
        await transactions.run((inner) => inner.insert(SampleItemEntity, item('rb-2')));
        throw new Error('boom');
      }),
    );
    expect((error as Error).message).toBe('boom');
    expect(await repo().findBy([{ id: 'rb-1' }, { id: 'rb-2' }])).toEqual([]);
  });

  it('runs after-commit hooks once the outermost transaction committed, never after a rollback', async () => {
    const seen: string[] = [];
    await transactions.run(async (manager) => {
      await manager.insert(SampleItemEntity, item('ac-1'));
      transactions.afterCommit(async () => {
        // The commit is visible to any reader by the time the hook runs.
        seen.push(`outer saw ${(await repo().findBy({ id: 'ac-1' })).length}`);
      });
      await transactions.run(() => {
        transactions.afterCommit(() => seen.push('joined'));
        return Promise.resolve();
      });
      expect(seen).toEqual([]); // nothing before the commit
    });
    expect(seen).toEqual(['outer saw 1', 'joined']);

    await caught(
      transactions.run(async (manager) => {
        await manager.insert(SampleItemEntity, item('ac-2'));
        transactions.afterCommit(() => seen.push('rolled back'));
        throw new Error('boom');
      }),
    );
    expect(seen).toEqual(['outer saw 1', 'joined']);
    expect(() => transactions.afterCommit(() => undefined)).toThrow(/outside a transaction/);

    // A failing hook is reported, not thrown: the transaction has committed.
    const reported: unknown[] = [];
    transactions.onHookError = (error) => reported.push(error);
    await expect(
      transactions.run(async (manager) => {
        await manager.insert(SampleItemEntity, item('ac-3'));
        transactions.afterCommit(() => {
          throw new Error('hook failed');
        });
        return 'committed';
      }),
    ).resolves.toBe('committed');
    expect(reported).toEqual([new Error('hook failed')]);
    expect(await repo().findBy({ id: 'ac-3' })).toHaveLength(1);
  });

  it('keeps concurrent transactions apart (one failing does not undo the other)', async () => {
    const slow = transactions.run(async (manager) => {
      await manager.insert(SampleItemEntity, item('cc-1'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('first fails');
    });
    const fast = transactions.run((manager) => manager.insert(SampleItemEntity, item('cc-2')));
    await expect(slow).rejects.toThrow('first fails');
    await fast;
    expect((await repo().findBy([{ id: 'cc-1' }, { id: 'cc-2' }])).map((i) => i.id)).toEqual([
      'cc-2',
    ]);
  });

  it('treats a second migration run, and a second start, as a no-op', async () => {
    expect(await dataSource.runMigrations()).toEqual([]);
    const again = await openDatabase(config, 'video', parts);
    try {
      expect(again.applied).toEqual([]);
      expect(await again.dataSource.getRepository(SampleItemEntity).countBy({ id: 'rt-1' })).toBe(
        1,
      );
    } finally {
      await again.dataSource.destroy();
    }
    const rows: unknown[] = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    expect(rows).toHaveLength(1);
  });

  it('creates what is missing before it connects', async () => {
    if (server.name === 'sqlite') {
      // The embedded default: no URL, a file under a data directory that does not exist yet.
      const dataDir = join(mkdtempSync(join(tmpdir(), 'newsreel-data-')), 'nested', 'dir');
      const opened = await openDatabase(configFor(undefined, dataDir), 'video', parts);
      try {
        expect(opened.url).toBe(`sqlite:${join(dataDir, 'video.sqlite')}`);
        expect(existsSync(join(dataDir, 'video.sqlite'))).toBe(true);
        const [mode]: Array<{ journal_mode: string }> =
          await opened.dataSource.query('PRAGMA journal_mode');
        expect(mode.journal_mode).toBe('wal');
        // 1 = NORMAL: commits sync at checkpoints, not one fsync each (ADR 0004, "Durability").
        const [sync]: Array<{ synchronous: number }> =
          await opened.dataSource.query('PRAGMA synchronous');
        expect(sync.synchronous).toBe(1);
      } finally {
        await opened.dataSource.destroy();
      }
      return;
    }
    // MariaDB: a database that does not exist; PostgreSQL: a schema that does not exist.
    const fresh = await createTestDatabase(server, { label: 'persistence_new', create: false });
    try {
      const opened = await openDatabase(configFor(fresh.url), 'video', parts);
      try {
        expect(opened.applied).toEqual(['CreateSampleItem1767225600000']);
        const current: Array<{ name: string }> = await opened.dataSource.query(
          server.name === 'postgres'
            ? 'SELECT current_schema() AS name'
            : 'SELECT DATABASE() AS name',
        );
        expect(fresh.url).toContain(current[0].name);
      } finally {
        await opened.dataSource.destroy();
      }
    } finally {
      await fresh.cleanup();
    }
  });

  it('lets one of two instances starting at once migrate, and the other find nothing pending', async () => {
    // Two instances of a service starting together (--scale, compose replicas) on a fresh schema.
    const fresh = await createTestDatabase(server, { label: 'persistence_race' });
    try {
      const config = configFor(fresh.url);
      const both = await Promise.all([
        openDatabase(config, 'video', parts),
        openDatabase(config, 'video', parts),
      ]);
      try {
        expect(both.map((o) => o.applied).sort()).toEqual([[], ['CreateSampleItem1767225600000']]);
      } finally {
        await Promise.all(both.map((o) => o.dataSource.destroy()));
      }
    } finally {
      await fresh.cleanup();
    }
  });
});
