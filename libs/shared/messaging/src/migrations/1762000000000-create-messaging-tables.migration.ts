import { timestampTableColumn } from '@newsreel/shared-persistence';
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The `outbox` and `inbox` tables every service with events carries in its own database.
 * Portable schema-builder calls only, so one class runs on SQLite, MySQL/MariaDB and PostgreSQL.
 */
export class CreateMessagingTables1762000000000 implements MigrationInterface {
  // Explicit: TypeORM records this name, and its last 13 digits order the migrations. The
  // timestamp is older than any service's own migration, so it runs first in every service.
  name = 'CreateMessagingTables1762000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'topic', type: 'varchar', length: '255' },
          { name: 'message_key', type: 'varchar', length: '255', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'headers', type: 'text' },
          timestampTableColumn('created_at'),
          timestampTableColumn('sent_at', { isNullable: true }),
          { name: 'attempts', type: 'integer', default: 0 },
        ],
      }),
    );
    // The relay's query: `WHERE sent_at IS NULL ORDER BY id`, and the clean-up by `sent_at`.
    await queryRunner.createIndex(
      'outbox',
      new TableIndex({ name: 'idx_outbox_sent_at_id', columnNames: ['sent_at', 'id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox',
        columns: [
          { name: 'consumer', type: 'varchar', length: '100', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'topic', type: 'varchar', length: '255' },
          timestampTableColumn('processed_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox');
    await queryRunner.dropTable('outbox');
  }
}
