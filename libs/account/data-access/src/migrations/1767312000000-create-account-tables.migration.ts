import { timestampTableColumn } from '@newsreel/shared-persistence';
import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

const userFk = (column: string, name: string) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/**
 * The account schema: users, refresh tokens, the follow graph. Schema builder and portable types
 * only (timestamps are epoch-millisecond bigints), so it runs unchanged on SQLite, MariaDB/MySQL
 * and PostgreSQL.
 */
export class CreateAccountTables1767312000000 implements MigrationInterface {
  // Explicit, so the recorded name never depends on how the class name survives compilation.
  name = 'CreateAccountTables1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '32' },
          { name: 'display_name', type: 'varchar', length: '64' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          timestampTableColumn('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_users_username', columnNames: ['username'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'family_id', type: 'varchar', length: '36' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          timestampTableColumn('created_at'),
          timestampTableColumn('expires_at'),
          timestampTableColumn('used_at', { isNullable: true }),
          timestampTableColumn('revoked_at', { isNullable: true }),
        ],
        indices: [
          // Revoking a family (logout, reuse) and, later, "log out everywhere" per user.
          new TableIndex({ name: 'ix_refresh_tokens_family_id', columnNames: ['family_id'] }),
          new TableIndex({ name: 'ix_refresh_tokens_user_id', columnNames: ['user_id'] }),
        ],
        foreignKeys: [userFk('user_id', 'fk_refresh_tokens_user_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'follows',
        columns: [
          { name: 'follower_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'followee_id', type: 'varchar', length: '36', isPrimary: true },
          timestampTableColumn('created_at'),
        ],
        indices: [
          // Follower counts; the primary key (follower_id first) already serves following counts.
          new TableIndex({ name: 'ix_follows_followee_id', columnNames: ['followee_id'] }),
          // listFollowing: one user's edges, newest first.
          new TableIndex({
            name: 'ix_follows_follower_created',
            columnNames: ['follower_id', 'created_at'],
          }),
        ],
        foreignKeys: [
          userFk('follower_id', 'fk_follows_follower_id'),
          userFk('followee_id', 'fk_follows_followee_id'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('follows');
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('users');
  }
}
