import { ApiKey } from './api-keys';
import { writeApiVersions } from './apis/api-versions';
import { handlers } from './apis/registry';
import type { RequestContext, RequestHeader } from './context';
import { ErrorCode } from './error-codes';
import { Reader } from './reader';
import { Writer, frameResponse } from './writer';

/** Parses request header v1. Throws ProtocolError when the frame is too short. */
export function parseHeader(frame: Buffer): RequestHeader {
  const r = new Reader(frame);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  return { apiKey, apiVersion, correlationId, clientId, bodyOffset: r.offset };
}

/**
 * Runs one request and returns the framed response chunks (null = no response). Unknown
 * APIs and unsupported versions get an error response instead of a dropped connection:
 * ApiVersions answers in its v0 layout (what clients expect while negotiating), anything
 * else gets a body holding just UNSUPPORTED_VERSION, which is the leading error field of
 * most Kafka responses.
 */
export async function dispatch(ctx: RequestContext, frame: Buffer): Promise<Buffer[] | null> {
  const { header } = ctx;
  const handler = handlers.get(header.apiKey);
  if (
    !handler ||
    header.apiVersion < handler.minVersion ||
    header.apiVersion > handler.maxVersion
  ) {
    // A newer client probing ApiVersions is normal negotiation (it retries with the
    // versions we answer with); anything else unsupported is worth a warning.
    const log = header.apiKey === ApiKey.ApiVersions ? 'info' : 'warn';
    ctx.broker.logger[log]('kafka-broker: unsupported request', {
      apiKey: header.apiKey,
      apiVersion: header.apiVersion,
      clientId: header.clientId,
    });
    const w = new Writer();
    if (header.apiKey === ApiKey.ApiVersions) writeApiVersions(w, 0, ErrorCode.UNSUPPORTED_VERSION);
    else w.int16(ErrorCode.UNSUPPORTED_VERSION);
    return frameResponse(header.correlationId, w);
  }
  const flexible = handler.flexibleFrom !== undefined && header.apiVersion >= handler.flexibleFrom;
  const r = new Reader(frame, header.bodyOffset, flexible);
  r.tags(); // request header v2
  const body = new Writer(256, flexible);
  const sent = await handler.handle(ctx, r, body);
  // ApiVersions always answers with response header v0, so a client can read it before it
  // knows which versions (and header layouts) the broker speaks.
  const headerV1 = flexible && header.apiKey !== ApiKey.ApiVersions;
  return sent === false ? null : frameResponse(header.correlationId, body, headerV1);
}
