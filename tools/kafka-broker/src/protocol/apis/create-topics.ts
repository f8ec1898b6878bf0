import type { TopicConfig } from '../../options';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

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

/** CreateTopics v2 (replication factor must be 1 or -1: there is one broker). */
export const createTopics: ApiHandler = {
  apiKey: ApiKey.CreateTopics,
  name: 'CreateTopics',
  minVersion: 2,
  maxVersion: 2,
  handle(ctx, r, w) {
    const requests = r.array((r) => ({
      topic: r.string(),
      numPartitions: r.int32(),
      replicationFactor: r.int16(),
      assignments: r.array((r) => ({ partition: r.int32(), replicas: r.array((r) => r.int32()) })),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    r.int32(); // timeout
    const validateOnly = r.bool();
    const { topics, options } = ctx.broker;
    const results = requests.map((req) => {
      const partitions =
        req.assignments.length > 0
          ? req.assignments.length
          : req.numPartitions === -1
            ? options.defaultPartitions
            : req.numPartitions;
      if (
        req.replicationFactor !== -1 &&
        req.replicationFactor !== 1 &&
        req.assignments.length === 0
      ) {
        return {
          topic: req.topic,
          error: ErrorCode.INVALID_REPLICATION_FACTOR,
          message: `Replication factor ${req.replicationFactor} is larger than the number of brokers (1).`,
        };
      }
      const parsed = parseConfigs(req.configs);
      if ('error' in parsed)
        return { topic: req.topic, error: ErrorCode.INVALID_CONFIG, message: parsed.error };
      const res = topics.create(req.topic, partitions, parsed.overrides, validateOnly);
      return { topic: req.topic, ...res };
    });
    w.int32(0); // throttle
    w.array(results, (w, t) => w.string(t.topic).int16(t.error).nullableString(t.message));
  },
};
