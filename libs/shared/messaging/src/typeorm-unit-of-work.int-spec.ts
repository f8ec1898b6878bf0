import { loadConfig } from '@newsreel/shared-config';
import { defineEvent } from '@newsreel/shared-contracts';
import { TransactionRunner, openDatabase } from '@newsreel/shared-persistence';
import { TEST_DATABASES, type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import type { Transaction } from '@newsreel/shared-unit-of-work';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Outbox } from './outbox';
import type { OutboxRelay } from './outbox-relay';
import { MESSAGING_PERSISTENCE } from './persistence/messaging-persistence';
import { OutboxRecord } from './persistence/outbox.record';
import { TypeOrmTransaction, TypeOrmUnitOfWork } from './typeorm-unit-of-work';

const NoteAdded = defineEvent('note.added', 1, z.object({ noteId: z.string() }));

/** A context's transaction: one write of its own (here: counting outbox rows) besides publish. */
interface NoteTransaction extends Transaction<typeof NoteAdded> {
  outboxRows(): Promise<number>;
}

class TypeOrmNoteTransaction
  extends TypeOrmTransaction<typeof NoteAdded>
  implements NoteTransaction
{
  outboxRows(): Promise<number> {
    return this.manager.count(OutboxRecord);
  }
}

// The one TypeORM adapter of the unit-of-work port on every dialect: events commit and roll back
// with the work, a run inside a run joins it (what the inbox consumer relies on), and the
// relay is nudged only after the commit.
describe.each(TEST_DATABASES)('TypeOrmUnitOfWork on $name', (server) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  let unitOfWork: TypeOrmUnitOfWork;
  let nudges = 0;
  const open = (...args: ConstructorParameters<typeof TypeOrmNoteTransaction>) =>
    new TypeOrmNoteTransaction(...args);
  const published = async () =>
    (await dataSource.getRepository(OutboxRecord).find({ order: { id: 'ASC' } })).map(
      (row) => JSON.parse(row.payload) as unknown,
    );

  beforeAll(async () => {
    database = await createTestDatabase(server, { label: 'unit-of-work' });
    const config = loadConfig({
      service: 'like',
      env: { NEWSREEL_LIKE_DATABASE_URL: database.url },
    });
    ({ dataSource } = await openDatabase(config, 'like', MESSAGING_PERSISTENCE));
    transactions = new TransactionRunner(dataSource);
    const outbox = new Outbox(dataSource, { nudge: () => nudges++ } as unknown as OutboxRelay);
    outbox.onModuleInit();
    unitOfWork = new TypeOrmUnitOfWork(transactions, outbox);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.cleanup();
  });

  beforeEach(async () => {
    await dataSource.getRepository(OutboxRecord).clear();
    nudges = 0;
  });

  it('writes a published event with the work, sees it inside, and nudges the relay after commit', async () => {
    const inside = await unitOfWork.runWith(open, async (tx) => {
      const id = await tx.publish(NoteAdded, { noteId: 'n1' }, { key: 'n1' });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(nudges).toBe(0); // not before the commit
      return tx.outboxRows();
    });
    expect(inside).toBe(1);
    expect(nudges).toBe(1);
    expect(await published()).toEqual([{ noteId: 'n1' }]);
    const [row] = await dataSource.getRepository(OutboxRecord).find();
    expect(row).toMatchObject({ topic: 'note.added.v1', messageKey: 'n1', sentAt: null });
  });

  it('publishes nothing when the work throws, and refuses a payload the schema rejects', async () => {
    await expect(
      unitOfWork.run(async (tx) => {
        await tx.publish(NoteAdded, { noteId: 'rolled back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      unitOfWork.run((tx) => tx.publish(NoteAdded, { noteId: 7 } as unknown as { noteId: string })),
    ).rejects.toThrow(/note\.added\.v1/);
    expect(await published()).toEqual([]);
    expect(nudges).toBe(0);
  });

  it('joins an open transaction: its events roll back with the outer work', async () => {
    await expect(
      transactions.run(async () => {
        await unitOfWork.runWith(open, (tx) => tx.publish(NoteAdded, { noteId: 'joined' }));
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(await published()).toEqual([]);
    await transactions.run(() =>
      unitOfWork.runWith(open, (tx) => tx.publish(NoteAdded, { noteId: 'committed' })),
    );
    expect(await published()).toEqual([{ noteId: 'committed' }]);
  });
});
