import { ApiKey } from '../api-keys';
import type { ApiHandler } from '../context';
import { ErrorCode } from '../error-codes';
import type { Writer } from '../writer';

/** Supported version ranges, filled in by the registry (avoids an import cycle). */
export const advertised: Array<{ apiKey: number; minVersion: number; maxVersion: number }> = [];

/**
 * Writes an ApiVersions body in the layout of `version` (the writer is in compact mode for
 * v3+). For versions we do not support, Kafka answers in the v0 layout with
 * UNSUPPORTED_VERSION and the full list, so the client can retry with the highest version
 * both sides know (KIP-511); kafkajs starts at v2 and librdkafka at v3.
 */
export function writeApiVersions(w: Writer, version: number, error: number): void {
  w.int16(error);
  // KIP-511: an unsupported version learns only the ApiVersions range, as from Kafka.
  const list =
    error === ErrorCode.UNSUPPORTED_VERSION
      ? advertised.filter((a) => a.apiKey === ApiKey.ApiVersions)
      : advertised;
  w.structs(list, (w, a) => w.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion));
  if (version >= 1) w.int32(0); // throttle
  w.tags(); // v3+: no supported/finalized features (tags 0-2) to report
}

/** ApiVersions v0-4: the list of APIs and versions this broker speaks. */
export const apiVersions: ApiHandler = {
  apiKey: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 4, // v4 has the v3 layout
  flexibleFrom: 3,
  handle(ctx, r, w) {
    const version = ctx.header.apiVersion;
    if (version >= 3) {
      // KIP-511: the client names its software; Kafka validates both strings.
      const software = r.string();
      const softwareVersion = r.string();
      r.tags();
      if (!VALID_SOFTWARE.test(software) || !VALID_SOFTWARE.test(softwareVersion)) {
        writeApiVersions(w, version, ErrorCode.INVALID_REQUEST);
        return;
      }
    }
    writeApiVersions(w, version, ErrorCode.NONE);
  },
};

/** Kafka's rule for client software names and versions (KIP-511). */
const VALID_SOFTWARE = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;
