import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v1: -1 = log end (high watermark), -2 = log start, else first offset at/after a timestamp. */
export const listOffsets: ApiHandler = {
  apiKey: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 1,
  handle(ctx, r, w) {
    r.int32(); // replica id
    const topics = r.array((r) => ({
      topic: r.string(),
      partitions: r.array((r) => ({ partition: r.int32(), timestamp: r.int64() })),
    }));
    w.array(topics, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, p) => {
        const log = ctx.broker.topics.partition(t.topic, p.partition);
        if (!log) {
          w.int32(p.partition).int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
          return;
        }
        const offset =
          p.timestamp === LATEST
            ? log.logEndOffset
            : p.timestamp === EARLIEST
              ? log.logStartOffset
              : log.offsetForTimestamp(p.timestamp);
        w.int32(p.partition).int16(ErrorCode.NONE).int64(-1).int64(offset);
      });
    });
  },
};
