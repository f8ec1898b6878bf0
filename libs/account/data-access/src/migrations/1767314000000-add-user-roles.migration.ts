import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * `users.roles`: the roles an access token carries (`admin` opens the admin API). Existing rows
 * get none; only the account service itself grants `admin` (see `AdminAccountBootstrap`).
 */
export class AddUserRoles1767314000000 implements MigrationInterface {
  name = 'AddUserRoles1767314000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'roles', type: 'varchar', length: '255', default: "''" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'roles');
  }
}
