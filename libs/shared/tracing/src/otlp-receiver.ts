import { isIP } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { FastifyError, FastifyInstance } from 'fastify';
import { OtlpRequestError, parseOtlpTraceRequest } from './otlp-json';
import { TRACE_RECEIVER_PATH } from './start-tracing';
import type { TraceStore } from './trace-store';

/**
 * Largest request body accepted (compressed or not) and largest body after gunzip. The public
 * API's own limit: an exporter batch (at most 256 spans, see `startTracing`) is a few hundred
 * KiB, and anything on the internal network must not make the gateway buffer megabytes.
 */
export const MAX_OTLP_BODY_BYTES = 1024 * 1024;
const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

/** Options of {@link installOtlpReceiver}. */
export interface OtlpReceiverOptions {
  store: TraceStore;
  /** Default {@link TRACE_RECEIVER_PATH}. */
  path?: string;
  /**
   * Which peers may send spans; default {@link isInternalAddress} (loopback and private
   * networks), because the receiver shares the public gateway's port.
   */
  allow?: (address: string) => boolean;
}

/**
 * An OTLP/HTTP traces receiver (`POST /v1/traces`, JSON encoding, optionally gzip) that writes
 * into the embedded {@link TraceStore}: what every service's exporter sends to when no OTLP
 * endpoint is configured. Runs in its own Fastify plugin, so its body limit (1 MiB) and raw
 * body parsing do not change the rest of the server.
 *
 * Answers 200 `{}` (an `ExportTraceServiceResponse`), 400 for a malformed request (the
 * exporter does not retry it), 403 for a peer outside the allowed networks, 413 for an
 * oversized body and 415 for protobuf or anything else: `{statusCode, error, message}`.
 */
export function installOtlpReceiver(fastify: FastifyInstance, options: OtlpReceiverOptions): void {
  const path = options.path ?? TRACE_RECEIVER_PATH;
  const allow = options.allow ?? isInternalAddress;
  void fastify.register((instance, _opts, next) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_OTLP_BODY_BYTES },
      (_request, body, done) => done(null, body),
    );
    instance.setErrorHandler((error: FastifyError, _request, reply) => {
      const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      void reply.status(statusCode).send({
        statusCode,
        error: statusCode === 413 ? 'Payload Too Large' : statusCode >= 500 ? 'Internal Server Error' : 'Bad Request',
        message: statusCode >= 500 ? 'Internal server error' : error.message,
      });
    });
    instance.post(path, { bodyLimit: MAX_OTLP_BODY_BYTES }, async (request, reply) => {
      const fail = (statusCode: number, error: string, message: string) =>
        reply.status(statusCode).send({ statusCode, error, message });
      if (!allow(request.ip)) {
        return fail(403, 'Forbidden', 'The trace receiver accepts spans from internal networks only');
      }
      const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        return fail(415, 'Unsupported Media Type',
          'Send OTLP/HTTP JSON (content-type application/json); protobuf is not accepted here');
      }
      let json: unknown;
      try {
        const raw = request.body as Buffer;
        const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity' && encoding !== 'gzip') {
          return fail(415, 'Unsupported Media Type', `Unsupported content-encoding ${encoding}`);
        }
        const text = encoding === 'gzip'
          ? gunzipSync(raw, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8')
          : raw.toString('utf8');
        json = JSON.parse(text);
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          return fail(413, 'Payload Too Large', `Inflated body exceeds ${MAX_INFLATED_BYTES} bytes`);
        }
        return fail(400, 'Bad Request', 'Body is not valid JSON (or not valid gzip)');
      }
      try {
        options.store.add(parseOtlpTraceRequest(json));
      } catch (error) {
        if (error instanceof OtlpRequestError) return fail(400, 'Bad Request', error.message);
        throw error;
      }
      return reply.status(200).header('content-type', 'application/json').send({});
    });
    next();
  });
}

/**
 * Whether `address` is loopback or in a private range (10/8, 172.16/12, 192.168/16, 169.254/16,
 * fc00::/7, fe80::/10), IPv4-mapped IPv6 included: where the platform's own processes are.
 * Behind a reverse proxy every peer looks internal, so a public deployment exports to a real
 * OTLP endpoint (`tracing.otlpEndpoint`) instead; the receiver is then not mounted at all.
 */
export function isInternalAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (isIP(address) !== 6) return false;
  const lower = address.toLowerCase();
  return lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}
