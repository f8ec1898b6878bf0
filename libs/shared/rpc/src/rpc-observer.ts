/** One served RPC call, as reported to the {@link RpcObserver}. */
export interface RpcCallObservation {
  /** The message pattern (`newsreel.video.v1.getVideo`): a bounded set, one per contract method. */
  method: string;
  /** The RPC status name the call ended with (`OK`, `INVALID_ARGUMENT`, ...). */
  code: string;
  /** Time spent in the server wrapper, validation included. */
  durationSec: number;
}

/** Receives every call served through `@RpcMethod`; must be cheap and must not throw. */
export type RpcObserver = (call: RpcCallObservation) => void;

const noop: RpcObserver = () => undefined;
let observer: RpcObserver = noop;

/**
 * Installs the process-wide observer of served RPC calls (the metrics lib does, at start), or
 * removes it with `undefined`. `@RpcMethod` wraps handlers at class-definition time, long before
 * any module starts, so it reports through this hook instead of an injected service; and the rpc
 * lib stays free of a dependency on metrics (metrics depends on rpc, not the reverse).
 */
export function setRpcObserver(next: RpcObserver | undefined): void {
  observer = next ?? noop;
}

/** Reports one call to the current observer; an observer that throws never fails the call. */
export function observeRpcCall(call: RpcCallObservation): void {
  try {
    observer(call);
  } catch {
    // telemetry must not change what the caller receives
  }
}

/** One RPC call attempt made by a client, as reported to the {@link RpcClientObserver}. */
export interface RpcClientCallObservation {
  /** The upstream service (`video`). */
  service: string;
  /** The instance the attempt went to (`video-2`); a retry on another instance is a second observation. */
  instance: string;
  /** The message pattern (`newsreel.video.v1.getVideo`). */
  method: string;
  /** The RPC status name the attempt ended with (`OK`, `UNAVAILABLE`, `NOT_FOUND`, ...). */
  code: string;
  /** Time from picking the instance to the answer or failure. */
  durationSec: number;
}

/** Receives every client call attempt; must be cheap and must not throw. */
export type RpcClientObserver = (call: RpcClientCallObservation) => void;

const noopClient: RpcClientObserver = () => undefined;
let clientObserver: RpcClientObserver = noopClient;

/**
 * Installs the process-wide observer of client call attempts (the metrics lib does, at start),
 * or removes it with `undefined`. Same reasons as {@link setRpcObserver}: no dependency on metrics.
 */
export function setRpcClientObserver(next: RpcClientObserver | undefined): void {
  clientObserver = next ?? noopClient;
}

/** Reports one attempt to the current client observer; an observer that throws is ignored. */
export function observeRpcClientCall(call: RpcClientCallObservation): void {
  try {
    clientObserver(call);
  } catch {
    // telemetry must not change what the caller receives
  }
}
