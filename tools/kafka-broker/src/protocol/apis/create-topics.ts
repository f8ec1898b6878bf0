import type { TopicConfig } from '../../options';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

interface CreateAnswer {
  topic: string;
  error: number;
  message: string | null;
  partitions: number;
  configs: Array<{ name: string; value: string | null }> | null;
}

/** Kafka's ConfigSource for a value given at topic creation. */
const DYNAMIC_TOPIC_CONFIG = 1;

/** Topic configs this broker honours, mapped to its settings. */
const CONFIG_KEYS: Record<string, keyof TopicConfig> = {
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'segment.bytes': 'segmentBytes',
  'segment.ms': 'segmentMs',
};

function parseConfigs(
  entries: Array<{ name: string; value: string | null }>,
): { overrides: Partial<TopicConfig> } | { error: string } {
  const overrides: Partial<TopicConfig> = {};
  for (const { name, value } of entries) {
    const key = CONFIG_KEYS[name];
    if (!key || value === null) continue; // other configs (cleanup.policy, ...) are accepted and ignored
    const n = Number(value);
    const min = key === 'segmentBytes' || key === 'segmentMs' ? 1 : -1;
    if (!Number.isInteger(n) || n < min) return { error: `Invalid value ${value} for ${name}` };
    overrides[key] = n;
  }
  return { overrides };
}

/**
 * CreateTopics v2-5 (replication factor must be 1 or -1: there is one broker). From v5 the
 * answer also carries the partition count, replication factor and those of the given
 * configs this broker honours.
 */
export const createTopics: ApiHandler = {
  apiKey: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 2,
  maxVersion: 5,
  flexibleFrom: 5,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const requests = r.structs((r) => {
      const topic = r.string();
      const numPartitions = r.int32();
      const replicationFactor = r.int16();
      const assignments = r.structs((r) => {
        const partition = r.int32();
        const replicas = r.array((r) => r.int32());
        return { partition, replicas };
      });
      const configs = r.structs((r) => {
        const name = r.string();
        const value = r.nullableString();
        return { name, value };
      });
      return { topic, numPartitions, replicationFactor, assignments, configs };
    });
    r.int32(); // timeout
    const validateOnly = r.bool();
    r.tags();
    const { topics, options } = ctx.broker;
    const results = requests.map((req): CreateAnswer => {
      const partitions =
        req.assignments.length > 0
          ? req.assignments.length
          : req.numPartitions === -1
            ? options.defaultPartitions
            : req.numPartitions;
      const failed = (error: number, message: string): CreateAnswer => ({
        topic: req.topic,
        error,
        message,
        partitions: -1,
        configs: null,
      });
      if (
        req.replicationFactor !== -1 &&
        req.replicationFactor !== 1 &&
        req.assignments.length === 0
      ) {
        return failed(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `Replication factor ${req.replicationFactor} is larger than the number of brokers (1).`,
        );
      }
      const parsed = parseConfigs(req.configs);
      if ('error' in parsed) return failed(ErrorCode.INVALID_CONFIG, parsed.error);
      const res = topics.create(req.topic, partitions, parsed.overrides, validateOnly);
      if (res.error !== ErrorCode.NONE) return failed(res.error, res.message ?? '');
      const honoured = req.configs.filter((c) => c.name in CONFIG_KEYS);
      return { topic: req.topic, ...res, partitions, configs: honoured };
    });
    w.int32(0); // throttle
    w.structs(results, (w, t) => {
      w.string(t.topic).int16(t.error).nullableString(t.message);
      if (v >= 5) {
        w.int32(t.partitions).int16(t.partitions === -1 ? -1 : 1);
        w.nullableStructs(
          t.configs,
          (w, c) =>
            w
              .string(c.name)
              .nullableString(c.value)
              .bool(false) // read-only
              .int8(DYNAMIC_TOPIC_CONFIG)
              .bool(false), // sensitive
        );
      }
    });
    w.tags();
  },
};
