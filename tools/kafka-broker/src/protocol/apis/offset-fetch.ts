import { LEADER_EPOCH } from '../../log/partition-log';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/** Committed partitions grouped by topic (the answer to "all partitions"). */
function byTopic(
  entries: ReadonlyArray<{ topic: string; partition: number }>,
): Array<{ topic: string; partitions: number[] }> {
  const topics = new Map<string, number[]>();
  for (const e of entries) {
    const partitions = topics.get(e.topic) ?? [];
    partitions.push(e.partition);
    topics.set(e.topic, partitions);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/**
 * OffsetFetch v1-7: echoes every requested partition, offset -1 when nothing is committed.
 * From v2 a null topic list asks for every partition the group has committed.
 */
export const offsetFetch: ApiHandler = {
  apiKey: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 7,
  flexibleFrom: 6,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const requested = r.nullableStructs((r) => {
      const topic = r.string();
      const partitions = r.array((r) => r.int32());
      return { topic, partitions };
    });
    if (v >= 7) r.bool(); // require stable: there are no pending transactional offsets
    r.tags();
    const { offsets } = ctx.broker;
    const topics = requested ?? (v >= 2 ? byTopic(offsets.list(groupId)) : []);
    if (v >= 3) w.int32(0); // throttle
    w.structs(topics, (w, t) => {
      w.string(t.topic);
      w.structs(t.partitions, (w, partition) => {
        const c = offsets.get(groupId, t.topic, partition);
        w.int32(partition).int64(c?.offset ?? -1);
        if (v >= 5) w.int32(c ? LEADER_EPOCH : -1);
        w.nullableString(c?.metadata ?? '').int16(ErrorCode.NONE);
      });
    });
    if (v >= 2) w.int16(ErrorCode.NONE);
    w.tags();
  },
};
