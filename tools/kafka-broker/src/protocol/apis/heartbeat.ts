import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** Heartbeat v1: keeps the session alive; REBALANCE_IN_PROGRESS tells the member to rejoin. */
export const heartbeat: ApiHandler = {
  apiKey: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 1,
  maxVersion: 1,
  handle(ctx, r, w) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    const error = ctx.broker.groups.heartbeat(groupId, memberId, generationId, ctx.connection.id);
    w.int32(0).int16(error);
  },
};
