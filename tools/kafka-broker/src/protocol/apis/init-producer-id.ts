import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';

/**
 * InitProducerId v0-4 for idempotent producers: every call gets a new producer id at epoch 0
 * (what Kafka does without a transactional id; the v3+ current id and epoch only matter for
 * transactions). A transactional id is refused with INVALID_REQUEST: transactions are not
 * supported.
 */
export const initProducerId: ApiHandler = {
  apiKey: ApiKey.InitProducerId,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 2,
  handle(ctx, r, w) {
    const v = ctx.header.apiVersion;
    const transactionalId = r.nullableString();
    r.int32(); // transaction timeout
    if (v >= 3) {
      r.int64(); // current producer id
      r.int16(); // current epoch
    }
    r.tags();
    w.int32(0); // throttle
    if (transactionalId !== null) {
      w.int16(ErrorCode.INVALID_REQUEST).int64(-1).int16(-1);
    } else {
      w.int16(ErrorCode.NONE).int64(ctx.broker.producerIds.next()).int16(0);
    }
    w.tags();
  },
};
