import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';
import { splitRecordSet } from '../record-batch';

interface PartitionResult {
  partition: number;
  error: number;
  baseOffset: number;
  logStartOffset: number;
}

/**
 * Produce v3-9. Batches are validated (CRC-32C, magic 2) and appended as received with only
 * `baseOffset` patched; batches of idempotent producers go through the sequence checks of
 * `PartitionLog.append` (a retried batch is answered with its first offset, not
 * appended twice). acks=0 gets no response at all; acks=1/-1 are answered once the append
 * is durable for the storage mode (fsynced in disk mode, at once in memory).
 */
export const produce: ApiHandler = {
  apiKey: ApiKey.Produce,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 9,
  flexibleFrom: 9,
  async handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const transactionalId = r.nullableString();
    const acks = r.int16();
    r.int32(); // timeout: appends complete well within any timeout
    const topicData = r.structs((r) => {
      const topic = r.string();
      const partitions = r.structs((r) => {
        const partition = r.int32();
        const records = r.nullableBytes();
        return { partition, records };
      });
      return { topic, partitions };
    });
    r.tags();

    const durable: Array<Promise<void>> = [];
    const results = topicData.map(({ topic, partitions }) => {
      const t = ctx.broker.topics.get(topic);
      return {
        topic,
        partitions: partitions.map(({ partition, records }): PartitionResult => {
          const fail = (error: number): PartitionResult => ({
            partition,
            error,
            baseOffset: -1,
            logStartOffset: -1,
          });
          // Transactions are not supported: refuse instead of silently breaking their semantics.
          if (transactionalId !== null) return fail(ErrorCode.INVALID_REQUEST);
          const log = t?.partitions[partition];
          if (!t || !log) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          if (!records || records.length === 0) return fail(ErrorCode.CORRUPT_MESSAGE);
          const split = splitRecordSet(records);
          if ('error' in split) return fail(split.error);
          const appended = log.append(split.batches, t.config);
          if (appended.error !== ErrorCode.NONE) return fail(appended.error);
          durable.push(appended.durable);
          return {
            partition,
            error: ErrorCode.NONE,
            baseOffset: appended.baseOffset,
            logStartOffset: log.logStartOffset,
          };
        }),
      };
    });

    if (acks === 0) return false;
    try {
      await Promise.all(durable);
    } catch (err) {
      ctx.broker.logger.error('kafka-broker: fsync failed', { error: String(err) });
      for (const t of results)
        for (const p of t.partitions) if (p.error === 0) p.error = ErrorCode.UNKNOWN_SERVER_ERROR;
    }
    w.structs(results, (w, t) => {
      w.string(t.topic);
      w.structs(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.error).int64(p.baseOffset).int64(-1); // log_append_time: CreateTime
        if (v >= 5) w.int64(p.logStartOffset);
        if (v >= 8) w.array([], () => undefined).nullableString(null); // record errors, message
      });
    });
    w.int32(0); // throttle
    w.tags();
    return true;
  },
};
