import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

const GROUP = 0;

/**
 * FindCoordinator v0-3: this broker coordinates every group; transaction coordinators do
 * not exist. (v4+ batches several keys per request; advertising v3 keeps clients on the
 * single-key form.)
 */
export const findCoordinator: ApiHandler = {
  apiKey: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    r.string(); // key
    const type = v >= 1 ? r.int8() : GROUP;
    r.tags();
    const { options } = ctx.broker;
    if (v >= 1) w.int32(0); // throttle
    if (type !== GROUP) {
      // Not COORDINATOR_NOT_AVAILABLE: clients retry that forever. INVALID_REQUEST fails
      // a transactional producer at once, with this message.
      w.int16(ErrorCode.INVALID_REQUEST);
      if (v >= 1) w.nullableString('the embedded broker does not support transactions');
      w.int32(-1).string('').int32(-1);
    } else {
      w.int16(ErrorCode.NONE);
      if (v >= 1) w.nullableString(null);
      w.int32(options.nodeId).string(options.advertisedHost).int32(ctx.broker.advertisedPort());
    }
    w.tags();
  },
};
