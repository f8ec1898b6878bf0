import { timestampTableColumn } from '@newsreel/shared-persistence';
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Creates `notifications` with the inbox index and the one-per-(event, user, type) guard. */
export class CreateNotifications1768000000000 implements MigrationInterface {
  // Explicit, so the recorded name never depends on how the class name survives compilation.
  name = 'CreateNotifications1768000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'actor_id', type: 'varchar', length: '36' },
          { name: 'video_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'comment_id', type: 'varchar', length: '36', isNullable: true },
          // Event ids are UUIDs from the producers' outboxes; the slack costs nothing.
          { name: 'source_event_id', type: 'varchar', length: '64' },
          timestampTableColumn('created_at'),
          timestampTableColumn('read_at', { isNullable: true }),
        ],
        indices: [
          // An inbox page (and its unread count): one user's rows, newest id first.
          new TableIndex({ name: 'idx_notifications_user_id_id', columnNames: ['user_id', 'id'] }),
          // A replayed event cannot notify twice, whatever the inbox table says.
          new TableIndex({
            name: 'uq_notifications_source_user_type',
            columnNames: ['source_event_id', 'user_id', 'type'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notifications');
  }
}
