import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/** DescribeGroups v0-2 (v1+ add throttle time): state, protocol and members of groups. */
export const describeGroups: ApiHandler = {
  apiKey: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, r, w) {
    const ids = r.array((r) => r.string());
    if (ctx.header.apiVersion >= 1) w.int32(0);
    w.array(
      ids.map((id) => ctx.broker.groups.describe(id)),
      (w, g) => {
        w.int16(g.error)
          .string(g.groupId)
          .string(g.state)
          .string(g.protocolType)
          .string(g.protocol);
        w.array(g.members, (w, m) =>
          w
            .string(m.memberId)
            .string(m.clientId)
            .string(m.clientHost)
            .bytes(m.metadata)
            .bytes(m.assignment),
        );
      },
    );
  },
};

/** ListGroups v0-2 (v1+ add throttle time). */
export const listGroups: ApiHandler = {
  apiKey: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, _r, w) {
    if (ctx.header.apiVersion >= 1) w.int32(0);
    w.int16(ErrorCode.NONE);
    w.array(ctx.broker.groups.list(), (w, g) => w.string(g.groupId).string(g.protocolType));
  },
};

/** DeleteGroups v0-1: only groups without active members, like Kafka. */
export const deleteGroups: ApiHandler = {
  apiKey: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, r, w) {
    const ids = r.array((r) => r.string());
    const results: Array<{ id: string; error: number }> = [];
    for (const id of ids) results.push({ id, error: await ctx.broker.groups.delete(id) });
    w.int32(0);
    w.array(results, (w, g) => w.string(g.id).int16(g.error));
  },
};
