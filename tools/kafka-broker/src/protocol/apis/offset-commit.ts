import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/**
 * OffsetCommit v2-8. Generation/member checks follow Kafka (commits are allowed while a
 * rebalance is being prepared, refused while it completes); the answer waits for the
 * offsets journal to be durable. Static membership (v7 group instance id) is not kept: the
 * member id decides.
 */
export const offsetCommit: ApiHandler = {
  apiKey: ApiKey.OffsetCommit,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 8,
  flexibleFrom: 8,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 7) r.nullableString(); // group instance id
    if (v <= 4) r.int64(); // retention time: offsets are kept until the group or topic is deleted
    const topics = r.structs((r) => {
      const topic = r.string();
      const partitions = r.structs((r) => {
        const partition = r.int32();
        const offset = r.int64();
        if (v >= 6) r.int32(); // committed leader epoch
        const metadata = r.nullableString();
        return { partition, offset, metadata };
      });
      return { topic, partitions };
    });
    r.tags();
    const groupError = ctx.broker.groups.validateCommit(groupId, memberId, generationId);
    const results = topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => {
        let error: number = groupError;
        if (error === ErrorCode.NONE && !ctx.broker.topics.partition(t.topic, p.partition)) {
          error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return { ...p, error };
      }),
    }));
    const accepted = results.flatMap((t) =>
      t.partitions
        .filter((p) => p.error === ErrorCode.NONE)
        .map((p) => ({
          topic: t.topic,
          partition: p.partition,
          offset: p.offset,
          metadata: p.metadata,
        })),
    );
    if (accepted.length > 0) {
      try {
        await ctx.broker.offsets.commit(groupId, accepted);
      } catch (err) {
        ctx.broker.logger.error('kafka-broker: persisting offsets failed', { error: String(err) });
        for (const t of results)
          for (const p of t.partitions) if (p.error === 0) p.error = ErrorCode.UNKNOWN_SERVER_ERROR;
      }
    }
    if (v >= 3) w.int32(0); // throttle
    w.structs(results, (w, t) => {
      w.string(t.topic);
      w.structs(t.partitions, (w, p) => w.int32(p.partition).int16(p.error));
    });
    w.tags();
  },
};
