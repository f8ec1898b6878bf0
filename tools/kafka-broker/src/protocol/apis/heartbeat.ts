import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** Heartbeat v0-4: keeps the session alive; REBALANCE_IN_PROGRESS tells the member to rejoin. */
export const heartbeat: ApiHandler = {
  apiKey: ApiKey.Heartbeat,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // group instance id
    r.tags();
    const error = ctx.broker.groups.heartbeat(groupId, memberId, generationId, ctx.connection.id);
    if (v >= 1) w.int32(0); // throttle
    w.int16(error).tags();
  },
};
