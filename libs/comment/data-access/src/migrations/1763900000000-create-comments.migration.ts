import { timestampTableColumn } from '@newsreel/shared-persistence';
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Creates `comments` with the index a video's list uses. `parent_id` has no foreign key: a
 * reply stays when the comment it answers is deleted.
 */
export class CreateComments1763900000000 implements MigrationInterface {
  name = 'CreateComments1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'comments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'video_id', type: 'varchar', length: '36' },
          { name: 'video_author_id', type: 'varchar', length: '36' },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'parent_id', type: 'varchar', length: '36', isNullable: true },
          // `text`, not varchar(500): the limit is the contract's, in UTF-16 units, which is not
          // how every dialect counts a varchar's length.
          { name: 'text', type: 'text' },
          timestampTableColumn('created_at'),
        ],
      }),
    );
    await queryRunner.createIndex(
      'comments',
      new TableIndex({ name: 'idx_comments_video_id_id', columnNames: ['video_id', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('comments');
  }
}
