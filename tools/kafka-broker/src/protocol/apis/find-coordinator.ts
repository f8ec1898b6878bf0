import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

const GROUP = 0;

/** FindCoordinator v1: this broker coordinates every group; transaction coordinators do not exist. */
export const findCoordinator: ApiHandler = {
  apiKey: ApiKey.FindCoordinator,
  name: 'FindCoordinator',
  minVersion: 1,
  maxVersion: 1,
  handle(ctx, r, w) {
    r.string(); // key
    const type = r.int8();
    const { options } = ctx.broker;
    w.int32(0); // throttle
    if (type !== GROUP) {
      w.int16(ErrorCode.COORDINATOR_NOT_AVAILABLE).nullableString('transactions are not supported');
      w.int32(-1).string('').int32(-1);
      return;
    }
    w.int16(ErrorCode.NONE).nullableString(null);
    w.int32(options.nodeId).string(options.advertisedHost).int32(ctx.broker.advertisedPort());
  },
};
