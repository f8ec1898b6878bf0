import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** Like and comment counters, kept from the like and comment services' events. */
export class AddVideoCounts1763800000000 implements MigrationInterface {
  name = 'AddVideoCounts1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('videos', [
      new TableColumn({ name: 'like_count', type: 'int', default: 0 }),
      new TableColumn({ name: 'comment_count', type: 'int', default: 0 }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('videos', 'comment_count');
    await queryRunner.dropColumn('videos', 'like_count');
  }
}
