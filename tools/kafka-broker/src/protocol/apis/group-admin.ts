import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/** Authorized operations not requested / not computed (Kafka's INT32_MIN). */
const NO_OPERATIONS = -2147483648;

/** DescribeGroups v0-5 (v1+ add throttle time): state, protocol and members of groups. */
export const describeGroups: ApiHandler = {
  apiKey: ApiKey.DescribeGroups,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: 5,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const ids = r.array((r) => r.string());
    if (v >= 3) r.bool(); // include authorized operations: no ACLs here
    r.tags();
    if (v >= 1) w.int32(0);
    w.structs(
      ids.map((id) => ctx.broker.groups.describe(id)),
      (w, g) => {
        w.int16(g.error)
          .string(g.groupId)
          .string(g.state)
          .string(g.protocolType)
          .string(g.protocol);
        w.structs(g.members, (w, m) => {
          w.string(m.memberId);
          if (v >= 4) w.nullableString(null); // group instance id
          w.string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
        });
        if (v >= 3) w.int32(NO_OPERATIONS);
      },
    );
    w.tags();
  },
};

/** ListGroups v0-3 (v1+ add throttle time). */
export const listGroups: ApiHandler = {
  apiKey: ApiKey.ListGroups,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  handle(ctx, r, w) {
    r.tags();
    if (ctx.header.apiVersion >= 1) w.int32(0);
    w.int16(ErrorCode.NONE);
    w.structs(ctx.broker.groups.list(), (w, g) => w.string(g.groupId).string(g.protocolType));
    w.tags();
  },
};

/** DeleteGroups v0-2: only groups without active members, like Kafka. */
export const deleteGroups: ApiHandler = {
  apiKey: ApiKey.DeleteGroups,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 2,
  async handle(ctx, r, w) {
    const ids = r.array((r) => r.string());
    r.tags();
    const results: Array<{ id: string; error: number }> = [];
    for (const id of ids) results.push({ id, error: await ctx.broker.groups.delete(id) });
    w.int32(0);
    w.structs(results, (w, g) => w.string(g.id).int16(g.error));
    w.tags();
  },
};
