import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/**
 * LeaveGroup v0-4: removes the member(s) and rebalances the rest at once. From v3 one
 * request may name several members, each answered with its own error.
 */
export const leaveGroup: ApiHandler = {
  apiKey: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    if (v <= 2) {
      const error = ctx.broker.groups.leave(groupId, r.string());
      if (v >= 1) w.int32(0); // throttle
      w.int16(error);
      return;
    }
    const members = r.structs((r) => {
      const memberId = r.string();
      const instanceId = r.nullableString();
      return { memberId, instanceId };
    });
    r.tags();
    const results = members.map((m) => ({
      ...m,
      error: ctx.broker.groups.leave(groupId, m.memberId),
    }));
    w.int32(0).int16(ErrorCode.NONE);
    w.structs(results, (w, m) => w.string(m.memberId).nullableString(m.instanceId).int16(m.error));
    w.tags();
  },
};
