import { Injectable } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';

/** A user as embedded in other resources (a video's author, a comment's author, an actor). */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
}

/**
 * Resolves user ids to names for composed responses: one batched `getUsers` call per response
 * (never one per item). The gateway does this because no service may read another's data.
 */
@Injectable()
export class UserDirectory {
  constructor(
    @InjectRpcClient(AccountContract) private readonly account: RpcClient<AccountContract>,
  ) {}

  async lookup(ids: Iterable<string>): Promise<(id: string) => UserView> {
    const unique = [...new Set(ids)];
    const found = new Map<string, UserView>();
    for (let i = 0; i < unique.length; i += 100) {
      const { users } = await this.account.call('getUsers', { ids: unique.slice(i, i + 100) });
      for (const u of users)
        found.set(u.id, { id: u.id, username: u.username, displayName: u.displayName });
    }
    return (id) => found.get(id) ?? { id, username: 'unknown', displayName: 'Unknown user' };
  }
}
