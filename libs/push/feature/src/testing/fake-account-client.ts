import type { AccountContract } from '@newsreel/account-contracts';
import type { MethodName, RequestOf, ResponseOf } from '@newsreel/shared-contracts';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { RpcClient } from '@newsreel/shared-rpc';

/**
 * The account service as push sees it: `listFollowers` answered from a map (or failing with
 * UNAVAILABLE while `down`); every request is recorded.
 */
export class FakeAccountClient implements Pick<RpcClient<AccountContract>, 'call'> {
  readonly followers = new Map<string, string[]>();
  readonly requests: Array<{ name: string; request: unknown }> = [];
  down = false;

  call<K extends MethodName<AccountContract>>(
    name: K,
    request: RequestOf<AccountContract, K>,
  ): Promise<ResponseOf<AccountContract, K>> {
    this.requests.push({ name, request });
    if (this.down)
      return Promise.reject(new RpcError(RpcStatus.UNAVAILABLE, 'account: service unavailable'));
    if (name !== 'listFollowers')
      return Promise.reject(new RpcError(RpcStatus.UNIMPLEMENTED, name));
    const { userId, limit } = request as RequestOf<AccountContract, 'listFollowers'>;
    const ids = (this.followers.get(userId) ?? []).slice(0, limit ?? 10_000);
    return Promise.resolve({ ids } as ResponseOf<AccountContract, K>);
  }
}
