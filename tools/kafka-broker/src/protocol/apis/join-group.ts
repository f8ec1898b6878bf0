import type { JoinResult } from '../../groups/group';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** JoinGroup v2: parked until the group's rebalance completes (see Group.join). */
export const joinGroup: ApiHandler = {
  apiKey: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 2,
  maxVersion: 2,
  async handle(ctx, r, w) {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = r.int32();
    const memberId = r.string();
    const protocolType = r.string();
    const protocols = r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
    const result = await new Promise<JoinResult>((resolve) =>
      ctx.broker.groups.join(
        groupId,
        {
          memberId,
          clientId: ctx.header.clientId ?? '',
          clientHost: ctx.connection.clientHost,
          connectionId: ctx.connection.id,
          sessionTimeoutMs,
          rebalanceTimeoutMs,
          protocolType,
          protocols,
        },
        resolve,
      ),
    );
    w.int32(0); // throttle
    w.int16(result.error).int32(result.generationId).string(result.protocol);
    w.string(result.leaderId).string(result.memberId);
    w.array(result.members, (w, m) => w.string(m.memberId).bytes(m.metadata));
  },
};
