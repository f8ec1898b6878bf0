import type { ClientProxy } from '@nestjs/microservices';
import {
  type Contract,
  type MethodName,
  type RequestOf,
  type ResponseOf,
  RpcError,
  RpcStatus,
  isRpcErrorPayload,
  patternOf,
} from '@newsreel/shared-contracts';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import type { RpcEnvelope } from './rpc-envelope';
import { rpcContext } from './rpc-context';

/** Per-call options. */
export interface CallOptions {
  /** Deadline of this call; the caller's own deadline (when serving an RPC) still bounds it. */
  timeoutMs?: number;
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * A typed client of one service contract: `client.call('ping', {})` only accepts the contract's
 * method names and payload types. Failures always surface as {@link RpcError}: the server's own
 * code, DEADLINE_EXCEEDED when the deadline passes, UNAVAILABLE when no connection can be made.
 */
export class RpcClient<C extends Contract> {
  constructor(
    readonly contract: C,
    private readonly proxy: ClientProxy,
    private readonly defaults: { timeoutMs: number; caller: string },
  ) {}

  async call<K extends MethodName<C>>(
    name: K,
    request: RequestOf<C, K>,
    options: CallOptions = {},
  ): Promise<ResponseOf<C, K>> {
    const pattern = patternOf(this.contract, name);
    const inherited = rpcContext.getStore()?.deadline;
    const own = Date.now() + (options.timeoutMs ?? this.defaults.timeoutMs);
    const deadline = inherited === undefined ? own : Math.min(own, inherited);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new RpcError(RpcStatus.DEADLINE_EXCEEDED, `No time left to call ${pattern}`);
    }
    const envelope: RpcEnvelope = {
      payload: request,
      meta: { deadline, caller: this.defaults.caller },
    };
    try {
      return await firstValueFrom(
        this.proxy.send<ResponseOf<C, K>, RpcEnvelope>(pattern, envelope).pipe(timeout(remaining)),
      );
    } catch (error) {
      throw toRpcError(error, pattern, remaining);
    }
  }

  /** Closes the underlying connection. */
  async close(): Promise<void> {
    await this.proxy.close();
  }
}

function toRpcError(error: unknown, pattern: string, timeoutMs: number): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof TimeoutError) {
    return new RpcError(
      RpcStatus.DEADLINE_EXCEEDED,
      `${pattern} did not answer within ${timeoutMs} ms`,
    );
  }
  if (isRpcErrorPayload(error)) return RpcError.fromPayload(error);
  // Nest's reply when the server has no handler for the pattern: version skew between services.
  if (typeof error === 'string' && error.includes('no matching message handler')) {
    return new RpcError(RpcStatus.UNIMPLEMENTED, `${pattern} is not served by the running service`);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_ERRORS.has(code)) {
    return new RpcError(RpcStatus.UNAVAILABLE, `${pattern}: service unavailable (${code})`);
  }
  return new RpcError(RpcStatus.INTERNAL, `${pattern} failed`);
}
