import type { Topic } from '../../log/topic-registry';
import { isValidTopicName } from '../../log/topic-registry';
import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/**
 * Metadata v4. This broker leads every partition and is the controller. Topics named in
 * the request are auto-created when the client allows it (producers/consumers do, the
 * admin client does not) and returned with a leader immediately: kafkajs fails the whole
 * request if any partition reports an error such as LEADER_NOT_AVAILABLE.
 */
export const metadata: ApiHandler = {
  apiKey: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 4,
  maxVersion: 4,
  handle(ctx, r, w) {
    const requested = r.nullableArray((r) => r.string());
    const allowAutoCreate = r.bool();
    const { topics, options } = ctx.broker;
    const nodeId = options.nodeId;

    const results: Array<{ name: string; error: number; topic?: Topic }> = [];
    if (requested === null) {
      // Null means "all topics" (kafkajs also encodes an empty list as null).
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

    w.int32(0); // throttle
    w.array([0], (w) =>
      w
        .int32(nodeId)
        .string(options.advertisedHost)
        .int32(ctx.broker.advertisedPort())
        .nullableString(null),
    );
    w.nullableString(options.clusterId);
    w.int32(nodeId); // controller
    w.array(results, (w, t) => {
      w.int16(t.error).string(t.name).bool(false);
      w.array(t.topic?.partitions ?? [], (w, p) => {
        w.int16(ErrorCode.NONE).int32(p.partition).int32(nodeId);
        w.array([nodeId], (w, id) => w.int32(id)); // replicas
        w.array([nodeId], (w, id) => w.int32(id)); // isr
      });
    });
  },
};
