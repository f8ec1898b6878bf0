import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * `listFollowers` (notification fan-out for a new video) reads one user's followers newest
 * first; with only `(followee_id)` indexed, every call sorted all of them.
 */
export class IndexFollowers1767313000000 implements MigrationInterface {
  name = 'IndexFollowers1767313000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'follows',
      new TableIndex({
        name: 'ix_follows_followee_created',
        columnNames: ['followee_id', 'created_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('follows', 'ix_follows_followee_created');
  }
}
