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
