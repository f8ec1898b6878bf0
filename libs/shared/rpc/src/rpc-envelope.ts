/**
 * What travels on the wire for every call: the payload plus call metadata. Keeping metadata
 * outside the payload lets deadlines and trace context cross every hop without any contract
 * having to declare them.
 */
export interface RpcEnvelope<P = unknown> {
  payload: P;
  meta: RpcMeta;
}

/** Call metadata. */
export interface RpcMeta {
  /** Absolute deadline (epoch ms); the server refuses work that can no longer be used. */
  deadline?: number;
  /** Name of the calling service, for logs. */
  caller?: string;
  /** W3C trace context of the caller's span (`00-<trace id>-<span id>-<flags>`), when traced. */
  traceparent?: string;
  /** W3C `tracestate` that goes with {@link traceparent}. */
  tracestate?: string;
  /**
   * Address of the end user's client this call serves, as the gateway saw it, for per-address
   * limits (login throttling, sign-up limits). Carried on to further hops. Read it with
   * {@link callerClientIp}, which ignores anything that is not a plausible address.
   */
  clientIp?: string;
  /** The calling service's token (see `RpcCredentials`); checked before anything else. */
  auth?: string;
}

/** True when `value` has the envelope shape (anything else is refused as INVALID_ARGUMENT). */
export function isRpcEnvelope(value: unknown): value is RpcEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const meta = (value as Record<string, unknown>).meta;
  return 'payload' in value && typeof meta === 'object' && meta !== null;
}
