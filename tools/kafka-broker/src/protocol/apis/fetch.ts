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
 * Fetch v4-12 with long-poll. Returns whole batches starting with the one containing the
 * fetch offset (the client skips earlier records), at least one complete batch even beyond
 * maxBytes, and last stable offset = high watermark (no transactions). Fetch sessions
 * (KIP-227, v7+) are not kept: every answer has session id 0, which tells the client to
 * keep sending full fetch requests.
 */
export const fetch: ApiHandler = {
  apiKey: ApiKey.Fetch,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 12,
  flexibleFrom: 12,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    r.int32(); // replica id
    const maxWait = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8(); // isolation level: read_committed and read_uncommitted are the same here
    if (v >= 7) {
      r.int32(); // session id
      r.int32(); // session epoch
    }
    const topics: FetchTopic[] = r.structs((r) => {
      const topic = r.string();
      const partitions = r.structs((r) => {
        const partition = r.int32();
        if (v >= 9) r.int32(); // current leader epoch: always 0 here
        const fetchOffset = r.int64();
        if (v >= 12) r.int32(); // last fetched epoch
        if (v >= 5) r.int64(); // log start offset (followers only)
        const partitionMaxBytes = r.int32();
        return { partition, fetchOffset, maxBytes: partitionMaxBytes };
      });
      return { topic, partitions };
    });
    if (v >= 7) {
      r.structs((r) => {
        r.string(); // forgotten topic: sessions are not kept, so nothing to forget
        r.array((r) => r.int32());
      });
    }
    if (v >= 11) r.string(); // rack id
    r.tags();

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
            logStart: -1,
            data: Promise.resolve<Buffer[]>([]),
          };
        }
        const hw = log.logEndOffset;
        const logStart = log.logStartOffset;
        if (p.fetchOffset < logStart || p.fetchOffset > hw) {
          return {
            ...p,
            error: ErrorCode.OFFSET_OUT_OF_RANGE,
            hw,
            logStart,
            data: Promise.resolve<Buffer[]>([]),
          };
        }
        const read = log.read(p.fetchOffset, Math.min(p.maxBytes, budget), !anyData);
        budget -= read.bytes;
        if (read.bytes > 0) anyData = true;
        return { ...p, error: ErrorCode.NONE, hw, logStart, data: read.data };
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
    if (v >= 7) w.int16(ErrorCode.NONE).int32(0); // top-level error, session id (none)
    w.structs(resolved, (w, t) => {
      w.string(t.topic);
      w.structs(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.error).int64(p.hw).int64(p.hw); // LSO = HW
        if (v >= 5) w.int64(p.logStart);
        w.array([], () => undefined); // aborted transactions: none
        if (v >= 11) w.int32(-1); // preferred read replica: none
        // The records field: its length, then the batches by reference (never copied).
        w.bytesLength(p.batches.reduce((n, b) => n + b.length, 0));
        for (const b of p.batches) w.raw(b);
      });
    });
    w.tags();
  },
};
