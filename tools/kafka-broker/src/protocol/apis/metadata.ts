import { LEADER_EPOCH } from '../../log/partition-log';
import type { Topic } from '../../log/topic-registry';
import { isValidTopicName } from '../../log/topic-registry';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/** Authorized operations not requested / not computed (Kafka's INT32_MIN). */
const NO_OPERATIONS = -2147483648;

/**
 * Metadata v0-9. This broker leads every partition and is the controller. Topics named in
 * the request are auto-created when the client allows it (v4+: producers/consumers do, the
 * admin client does not; before v4 every request allows it) and returned with a leader
 * immediately: kafkajs fails the whole request if any partition reports an error such as
 * LEADER_NOT_AVAILABLE. All topics: an empty list in v0, a null list from v1 on (kafkajs
 * also encodes an empty list as null).
 */
export const metadata: ApiHandler = {
  apiKey: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 9,
  flexibleFrom: 9,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const listed = r.nullableStructs((r) => r.string());
    const requested = v === 0 && listed?.length === 0 ? null : listed;
    const allowAutoCreate = v >= 4 ? r.bool() : true;
    if (v >= 8) {
      r.bool(); // include cluster authorized operations: no ACLs here
      r.bool(); // include topic authorized operations
    }
    r.tags();
    const { topics, options } = ctx.broker;
    const nodeId = options.nodeId;

    const results: Array<{ name: string; error: number; topic?: Topic }> = [];
    if (requested === null) {
      for (const topic of topics.list()) results.push({ name: topic.name, error: 0, topic });
    } else {
      for (const name of requested) {
        let topic = topics.get(name);
        if (!topic && allowAutoCreate && options.autoCreateTopics && isValidTopicName(name)) {
          topics.create(name, options.defaultPartitions);
          topic = topics.get(name);
        }
        if (topic) results.push({ name, error: ErrorCode.NONE, topic });
        else if (!isValidTopicName(name))
          results.push({ name, error: ErrorCode.INVALID_TOPIC_EXCEPTION });
        else results.push({ name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      }
    }

    if (v >= 3) w.int32(0); // throttle
    w.structs([nodeId], (w) => {
      w.int32(nodeId).string(options.advertisedHost).int32(ctx.broker.advertisedPort());
      if (v >= 1) w.nullableString(null); // rack
    });
    if (v >= 2) w.nullableString(options.clusterId);
    if (v >= 1) w.int32(nodeId); // controller
    w.structs(results, (w, t) => {
      w.int16(t.error).string(t.name);
      if (v >= 1) w.bool(false); // internal
      w.structs(t.topic?.partitions ?? [], (w, p) => {
        w.int16(ErrorCode.NONE).int32(p.partition).int32(nodeId);
        if (v >= 7) w.int32(LEADER_EPOCH);
        w.array([nodeId], (w, id) => w.int32(id)); // replicas
        w.array([nodeId], (w, id) => w.int32(id)); // isr
        if (v >= 5) w.array([], () => undefined); // offline replicas
      });
      if (v >= 8) w.int32(NO_OPERATIONS);
    });
    if (v >= 8) w.int32(NO_OPERATIONS);
    w.tags();
  },
};
