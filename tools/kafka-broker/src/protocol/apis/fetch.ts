import type { PartitionLog } from '../../log/partition-log';
import { ApiKey } from '../api-keys';
import type { ApiHandler, RequestContext } from '../context';
import { ErrorCode } from '../error-codes';

interface FetchPartition {
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchTopic {
  topic: string;
  partitions: FetchPartition[];
}

/** Whether the request can be answered now: enough bytes, or a partition error to report. */
function ready(ctx: RequestContext, topics: FetchTopic[], minBytes: number): boolean {
  // Like Kafka, a fetch naming no partitions (a consumer with everything paused) is answered
  // at once: there is nothing it could be waiting for.
  if (topics.every((t) => t.partitions.length === 0)) return true;
  let bytes = 0;
  for (const t of topics) {
    for (const p of t.partitions) {
      const log = ctx.broker.topics.partition(t.topic, p.partition);
      if (!log || log.isClosed) return true;
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) return true;
      bytes += log.availableBytes(p.fetchOffset, minBytes - bytes);
      if (bytes >= minBytes) return true;
    }
  }
  return false;
}

/**
 * Parks the request until data satisfying minBytes is appended to any requested partition
 * (the append wakes us synchronously, so the answer goes out in the same tick), the
 * consumer's group starts rebalancing, the connection closes, or maxWait elapses.
 */
function park(
  ctx: RequestContext,
  topics: FetchTopic[],
  minBytes: number,
  maxWait: number,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const cleanups: Array<() => void> = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const c of cleanups) c();
      resolve();
    };
    const timer = setTimeout(finish, maxWait);
    for (const t of topics) {
      for (const p of t.partitions) {
        const log = ctx.broker.topics.partition(t.topic, p.partition);
        if (log) cleanups.push(log.onAppend(() => ready(ctx, topics, minBytes) && finish()));
      }
    }
    cleanups.push(ctx.broker.parked.add({ clientId: ctx.header.clientId ?? '', wake: finish }));
    cleanups.push(ctx.connection.onClose(finish));
  });
}

/**
 * Fetch v4 with long-poll. Returns whole batches starting with the one containing the fetch
 * offset (the client skips earlier records), at least one complete batch even beyond
 * maxBytes, and last stable offset = high watermark (no transactions).
 */
export const fetch: ApiHandler = {
  apiKey: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 4,
  async handle(ctx, r, w) {
    r.int32(); // replica id
    const maxWait = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8(); // isolation level: read_committed and read_uncommitted are the same here
    const topics: FetchTopic[] = r.array((r) => ({
      topic: r.string(),
      partitions: r.array((r) => ({
        partition: r.int32(),
        fetchOffset: r.int64(),
        maxBytes: r.int32(),
      })),
    }));

    if (maxWait > 0 && minBytes > 0 && !ready(ctx, topics, minBytes)) {
      await park(ctx, topics, minBytes, maxWait);
    }

    let budget = maxBytes > 0 ? maxBytes : Number.MAX_SAFE_INTEGER;
    let anyData = false;
    const answers = topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => {
        const log: PartitionLog | undefined = ctx.broker.topics.partition(t.topic, p.partition);
        if (!log || log.isClosed) {
          return {
            ...p,
            error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            hw: -1,
            data: Promise.resolve<Buffer[]>([]),
          };
        }
        const hw = log.logEndOffset;
        if (p.fetchOffset < log.logStartOffset || p.fetchOffset > hw) {
          return {
            ...p,
            error: ErrorCode.OFFSET_OUT_OF_RANGE,
            hw,
            data: Promise.resolve<Buffer[]>([]),
          };
        }
        const read = log.read(p.fetchOffset, Math.min(p.maxBytes, budget), !anyData);
        budget -= read.bytes;
        if (read.bytes > 0) anyData = true;
        return { ...p, error: ErrorCode.NONE, hw, data: read.data };
      }),
    }));
    const resolved = await Promise.all(
      answers.map(async (t) => ({
        topic: t.topic,
        partitions: await Promise.all(
          t.partitions.map(async (p) => {
            try {
              return { ...p, batches: await p.data };
            } catch (err) {
              ctx.broker.logger.error('kafka-broker: reading the log failed', {
                topic: t.topic,
                error: String(err),
              });
              return { ...p, error: ErrorCode.KAFKA_STORAGE_ERROR, batches: [] as Buffer[] };
            }
          }),
        ),
      })),
    );

    w.int32(0); // throttle
    w.array(resolved, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.error).int64(p.hw).int64(p.hw); // LSO = HW
        w.int32(0); // aborted transactions
        w.int32(p.batches.reduce((n, b) => n + b.length, 0));
        for (const b of p.batches) w.raw(b);
      });
    });
  },
};
