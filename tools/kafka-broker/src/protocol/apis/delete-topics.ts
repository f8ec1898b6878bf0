import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';

/** DeleteTopics v1-4: removes the topic, its data and its committed offsets. */
export const deleteTopics: ApiHandler = {
  apiKey: ApiKey.DeleteTopics,
  name: 'DeleteTopics',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 4,
  handle(ctx, r, w) {
    const names = r.array((r) => r.string());
    r.int32(); // timeout
    r.tags();
    const results = names.map((topic) => ({ topic, error: ctx.broker.topics.delete(topic) }));
    w.int32(0); // throttle
    w.structs(results, (w, t) => w.string(t.topic).int16(t.error));
    w.tags();
  },
};
