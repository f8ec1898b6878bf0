/**
 * Status codes of internal RPC errors. The numbers are gRPC's canonical codes, so a handler
 * written against the TCP transport today keeps its error semantics when served over gRPC.
 */
export const RpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** One of the {@link RpcStatus} values. */
export type RpcStatusCode = (typeof RpcStatus)[keyof typeof RpcStatus];

/** Name of a status code, for logs and error bodies (`INVALID_ARGUMENT`). */
export function rpcStatusName(code: number): string {
  const entry = Object.entries(RpcStatus).find(([, value]) => value === code);
  return entry ? entry[0] : 'UNKNOWN';
}

/** A field-level problem reported with an `INVALID_ARGUMENT` error. */
export interface RpcErrorDetail {
  /** Dotted path of the offending field (`title`, `items.0.id`); empty for the whole message. */
  path: string;
  message: string;
}

/**
 * When and why a refused call may be tried again, carried by `RESOURCE_EXHAUSTED` errors. gRPC
 * has one code for both cases, HTTP has two: the gateway answers `client` with 429 and `server`
 * with 503, each with `Retry-After`.
 */
export interface RpcRetryHint {
  /** Whole seconds until a retry can succeed (at least 1). */
  retryAfterSec: number;
  /**
   * `client`: this caller (a user, an address, a username) used up its allowance; others are
   * served. `server`: the service is at capacity for everyone right now (a full work queue).
   */
  scope: 'client' | 'server';
}

/** Longest `Retry-After` an error may carry (a day); anything above is clamped. */
const MAX_RETRY_AFTER_SEC = 86_400;

/**
 * The error every RPC boundary throws and every caller receives: a status code, a message safe
 * to show to a client, and optional field details. It crosses the wire as {@link RpcErrorPayload}.
 */
export class RpcError extends Error {
  constructor(
    readonly code: RpcStatusCode,
    message: string,
    readonly details?: RpcErrorDetail[],
    /** Set on `RESOURCE_EXHAUSTED`: when to retry, and whether the limit is the caller's. */
    readonly retry?: RpcRetryHint,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  /** `RESOURCE_EXHAUSTED` for a caller over its own limit (HTTP 429 at the gateway). */
  static rateLimited(message: string, retryAfterMs: number): RpcError {
    return new RpcError(RpcStatus.RESOURCE_EXHAUSTED, message, undefined, {
      retryAfterSec: toRetrySeconds(retryAfterMs),
      scope: 'client',
    });
  }

  /** `RESOURCE_EXHAUSTED` for a service at capacity (HTTP 503 at the gateway). */
  static overloaded(message: string, retryAfterMs: number): RpcError {
    return new RpcError(RpcStatus.RESOURCE_EXHAUSTED, message, undefined, {
      retryAfterSec: toRetrySeconds(retryAfterMs),
      scope: 'server',
    });
  }

  /** The JSON shape sent over the wire. */
  toPayload(): RpcErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.retry ? { retry: this.retry } : {}),
    };
  }

  /** Rebuilds an error from a wire payload; anything unrecognised becomes `INTERNAL`. */
  static fromPayload(payload: unknown): RpcError {
    if (isRpcErrorPayload(payload))
      return new RpcError(payload.code, payload.message, payload.details, retryHintOf(payload));
    return new RpcError(RpcStatus.INTERNAL, 'Internal error');
  }
}

/** Wire form of an {@link RpcError}. */
export interface RpcErrorPayload {
  code: RpcStatusCode;
  message: string;
  details?: RpcErrorDetail[];
  retry?: RpcRetryHint;
}

function toRetrySeconds(ms: number): number {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  return Math.min(MAX_RETRY_AFTER_SEC, Math.max(1, seconds));
}

// A hint from the wire is used only when well formed: a peer cannot make the gateway send a
// negative or absurd Retry-After.
function retryHintOf(payload: RpcErrorPayload): RpcRetryHint | undefined {
  const hint = payload.retry as unknown;
  if (typeof hint !== 'object' || hint === null) return undefined;
  const { retryAfterSec, scope } = hint as Record<string, unknown>;
  if (typeof retryAfterSec !== 'number' || !Number.isFinite(retryAfterSec)) return undefined;
  if (scope !== 'client' && scope !== 'server') return undefined;
  return { retryAfterSec: toRetrySeconds(retryAfterSec * 1000), scope };
}

const knownCodes = new Set<number>(Object.values(RpcStatus));

/** True when `value` has the shape of an {@link RpcErrorPayload}. */
export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'number' && knownCodes.has(code) && typeof message === 'string';
}
