import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';
import type { Writer } from '../writer';

/** Supported version ranges, filled in by the registry (avoids an import cycle). */
export const advertised: Array<{ apiKey: number; minVersion: number; maxVersion: number }> = [];

/**
 * Writes an ApiVersions body. For versions we do not support, Kafka answers in the v0
 * layout with UNSUPPORTED_VERSION so the client can retry with a lower version; kafkajs
 * starts at v2 and falls back on that error.
 */
export function writeApiVersions(w: Writer, version: number, error: number): void {
  w.int16(error);
  w.array(advertised, (w, a) => w.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion));
  if (version >= 1 && error === ErrorCode.NONE) w.int32(0);
}

/** ApiVersions v0-2: the list of APIs and versions this broker speaks. */
export const apiVersions: ApiHandler = {
  apiKey: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, _r, w) {
    writeApiVersions(w, ctx.header.apiVersion, ErrorCode.NONE);
  },
};
