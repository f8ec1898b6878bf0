import { timestampTableColumn } from '@newsreel/shared-persistence';
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Creates `videos` with the indexes the feeds use (category feed, author feed). */
export class CreateVideos1763700000000 implements MigrationInterface {
  name = 'CreateVideos1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'videos',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'title', type: 'varchar', length: '120' },
          { name: 'category', type: 'varchar', length: '16' },
          { name: 'description', type: 'text' },
          { name: 'media_url', type: 'varchar', length: '2048' },
          { name: 'cover_url', type: 'varchar', length: '2048', isNullable: true },
          { name: 'duration_sec', type: 'int' },
          timestampTableColumn('published_at'),
        ],
      }),
    );
    await queryRunner.createIndex(
      'videos',
      new TableIndex({ name: 'idx_videos_category_id', columnNames: ['category', 'id'] }),
    );
    await queryRunner.createIndex(
      'videos',
      new TableIndex({ name: 'idx_videos_author_id', columnNames: ['author_id', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('videos');
  }
}
