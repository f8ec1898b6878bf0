import type { SyncResult } from '../../groups/group';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** SyncGroup v1: the leader's assignment is distributed; followers wait for it. */
export const syncGroup: ApiHandler = {
  apiKey: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 1,
  maxVersion: 1,
  async handle(ctx, r, w) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    const assignments = new Map<string, Buffer>();
    for (const a of r.array((r) => ({ memberId: r.string(), assignment: r.bytes() }))) {
      assignments.set(a.memberId, Buffer.from(a.assignment));
    }
    const result = await new Promise<SyncResult>((resolve) =>
      ctx.broker.groups.sync(
        groupId,
        memberId,
        generationId,
        ctx.connection.id,
        assignments,
        resolve,
      ),
    );
    w.int32(0).int16(result.error).bytes(result.assignment);
  },
};
