import { Injectable } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import type { AccessClaims } from '@newsreel/shared-auth';
import { RpcError } from '@newsreel/shared-contracts';
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

  /**
   * The caller as the author of something they have just written. A committed write must never
   * be answered with an error (a retrying client would write it twice), so when account cannot
   * answer, the view is built from the caller's verified token instead: the username stands in
   * for the display name until the next read.
   */
  async author(caller: AccessClaims): Promise<UserView> {
    try {
      return (await this.lookup([caller.sub]))(caller.sub);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      return { id: caller.sub, username: caller.username, displayName: caller.username };
    }
  }
}
