import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

const LATEST = -1;
const EARLIEST = -2;

/**
 * ListOffsets v1-6: -1 = log end (high watermark), -2 = log start, else the first offset
 * at/after a timestamp. Leader epochs are always 0 (one broker, never re-elected).
 */
export const listOffsets: ApiHandler = {
  apiKey: ApiKey.ListOffsets,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 6,
  flexibleFrom: 6,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    r.int32(); // replica id
    if (v >= 2) r.int8(); // isolation level: no transactions, so both levels read the same
    const topics = r.structs((r) => {
      const topic = r.string();
      const partitions = r.structs((r) => {
        const partition = r.int32();
        if (v >= 4) r.int32(); // current leader epoch
        const timestamp = r.int64();
        return { partition, timestamp };
      });
      return { topic, partitions };
    });
    r.tags();
    if (v >= 2) w.int32(0); // throttle
    w.structs(topics, (w, t) => {
      w.string(t.topic);
      w.structs(t.partitions, (w, p) => {
        const log = ctx.broker.topics.partition(t.topic, p.partition);
        const offset = !log
          ? -1
          : p.timestamp === LATEST
            ? log.logEndOffset
            : p.timestamp === EARLIEST
              ? log.logStartOffset
              : log.offsetForTimestamp(p.timestamp);
        w.int32(p.partition)
          .int16(log ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
          .int64(-1) // timestamp
          .int64(offset);
        if (v >= 4) w.int32(log ? 0 : -1); // leader epoch
      });
    });
    w.tags();
  },
};
