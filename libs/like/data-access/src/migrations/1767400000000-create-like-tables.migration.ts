import { timestampTableColumn } from '@newsreel/shared-persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Creates `likes` (primary key user, video: one like per pair, and "which of these videos did
 * this user like" is a primary-key range) and `like_counts` (one counter row per video).
 */
export class CreateLikeTables1767400000000 implements MigrationInterface {
  // Explicit, so the recorded name never depends on how the class name survives compilation.
  name = 'CreateLikeTables1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'likes',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'video_id', type: 'varchar', length: '36', isPrimary: true },
          timestampTableColumn('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'like_counts',
        columns: [
          { name: 'video_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'count', type: 'integer', default: 0 },
          { name: 'revision', type: 'bigint', default: 0 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('like_counts');
    await queryRunner.dropTable('likes');
  }
}
