import type { JoinResult } from '../../groups/group';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/**
 * JoinGroup v0-6: parked until the group's rebalance completes (see Group.join). v0 has no
 * rebalance timeout (the session timeout stands in, as in Kafka). A member joining with an
 * empty id gets its id in the answer at once: the v4+ MEMBER_ID_REQUIRED round trip is
 * optional for a broker and clients accept either. Static membership (v5 group instance
 * id) is not kept: such members are treated as dynamic ones.
 */
export const joinGroup: ApiHandler = {
  apiKey: ApiKey.JoinGroup,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 6,
  flexibleFrom: 6,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    if (v >= 5) r.nullableString(); // group instance id
    const protocolType = r.string();
    const protocols = r.structs((r) => {
      const name = r.string();
      const metadata = Buffer.from(r.bytes());
      return { name, metadata };
    });
    r.tags();
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
    if (v >= 2) w.int32(0); // throttle
    w.int16(result.error).int32(result.generationId).string(result.protocol);
    w.string(result.leaderId).string(result.memberId);
    w.structs(result.members, (w, m) => {
      w.string(m.memberId);
      if (v >= 5) w.nullableString(null); // group instance id
      w.bytes(m.metadata);
    });
    w.tags();
  },
};
