import { Inject, Injectable } from '@nestjs/common';
import type { User as PublicUser } from '@newsreel/account-contracts';
import { USER_REPOSITORY, type UserRepository, toPublicUser } from '@newsreel/account-domain';
import type { GetUsersQuery } from './get-users.query';

/** The users among the requested ids, in request order, each once; unknown ids are left out. */
@Injectable()
export class GetUsersHandler {
  constructor(@Inject(USER_REPOSITORY) private readonly users: UserRepository) {}

  async execute(query: GetUsersQuery): Promise<{ users: PublicUser[] }> {
    const ids = [...new Set(query.ids)];
    if (ids.length === 0) return { users: [] };
    const found = new Map((await this.users.findByIds(ids)).map((user) => [user.id, user]));
    return { users: ids.flatMap((id) => (found.has(id) ? [toPublicUser(found.get(id)!)] : [])) };
  }
}
