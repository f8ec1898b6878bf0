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
 * The error every RPC boundary throws and every caller receives: a status code, a message safe
 * to show to a client, and optional field details. It crosses the wire as {@link RpcErrorPayload}.
 */
export class RpcError extends Error {
  constructor(
    readonly code: RpcStatusCode,
    message: string,
    readonly details?: RpcErrorDetail[],
  ) {
    super(message);
    this.name = 'RpcError';
  }

  /** The JSON shape sent over the wire. */
  toPayload(): RpcErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }

  /** Rebuilds an error from a wire payload; anything unrecognised becomes `INTERNAL`. */
  static fromPayload(payload: unknown): RpcError {
    if (isRpcErrorPayload(payload))
      return new RpcError(payload.code, payload.message, payload.details);
    return new RpcError(RpcStatus.INTERNAL, 'Internal error');
  }
}

/** Wire form of an {@link RpcError}. */
export interface RpcErrorPayload {
  code: RpcStatusCode;
  message: string;
  details?: RpcErrorDetail[];
}

const knownCodes = new Set<number>(Object.values(RpcStatus));

/** True when `value` has the shape of an {@link RpcErrorPayload}. */
export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'number' && knownCodes.has(code) && typeof message === 'string';
}
