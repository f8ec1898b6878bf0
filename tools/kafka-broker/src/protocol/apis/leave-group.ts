import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** LeaveGroup v1: removes the member and rebalances the rest at once. */
export const leaveGroup: ApiHandler = {
  apiKey: ApiKey.LeaveGroup,
  name: 'LeaveGroup',
  minVersion: 1,
  maxVersion: 1,
  handle(ctx, r, w) {
    const groupId = r.string();
    const memberId = r.string();
    w.int32(0).int16(ctx.broker.groups.leave(groupId, memberId));
  },
};
