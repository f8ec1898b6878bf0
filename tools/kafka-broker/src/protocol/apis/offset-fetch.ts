import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/** OffsetFetch v1: echoes every requested partition, offset -1 when nothing is committed. */
export const offsetFetch: ApiHandler = {
  apiKey: ApiKey.OffsetFetch,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 1,
  handle(ctx, r, w) {
    const groupId = r.string();
    const topics = r.array((r) => ({ topic: r.string(), partitions: r.array((r) => r.int32()) }));
    w.array(topics, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, partition) => {
        const c = ctx.broker.offsets.get(groupId, t.topic, partition);
        w.int32(partition)
          .int64(c?.offset ?? -1)
          .nullableString(c?.metadata ?? '')
          .int16(ErrorCode.NONE);
      });
    });
  },
};
