import type { SyncResult } from '../../groups/group';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** SyncGroup v0-4: the leader's assignment is distributed; followers wait for it. */
export const syncGroup: ApiHandler = {
  apiKey: ApiKey.SyncGroup,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 4,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // group instance id
    const assignments = new Map<string, Buffer>();
    for (const a of r.structs((r) => {
      const member = r.string();
      const assignment = r.bytes();
      return { member, assignment };
    })) {
      assignments.set(a.member, Buffer.from(a.assignment));
    }
    r.tags();
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
    if (v >= 1) w.int32(0); // throttle
    w.int16(result.error).bytes(result.assignment).tags();
  },
};
