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
  rpcStatusName,
} from '@newsreel/shared-contracts';
import { type Attributes, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { rpcCredentials } from './rpc-auth';
import type { RpcRoute } from './rpc-balancer';
import { rpcContext } from './rpc-context';
import { DirectEndpoint, type RpcEndpoint, type RpcEndpoints } from './rpc-endpoints';
import type { RpcEnvelope, RpcMeta } from './rpc-envelope';
import { observeRpcClientCall } from './rpc-observer';
import {
  inUnsampledTrace,
  injectTraceContext,
  rpcAttributes,
  rpcSpanName,
  rpcTracer,
} from './rpc-tracing';
import { recordUpstream } from './rpc-upstream-trail';

/** Per-call options. */
export interface CallOptions {
  /** Deadline of this call; the caller's own deadline (when serving an RPC) still bounds it. */
  timeoutMs?: number;
  /** Only instances with this release colour and/or version (blue/green, canary routing). */
  route?: RpcRoute;
  /**
   * The end user's client address (the gateway sets it from the HTTP request), sent as
   * `meta.clientIp`. Without it, the address of the call being served is carried on.
   */
  clientIp?: string;
}

/** Defaults of an {@link RpcClient}. */
export interface RpcClientDefaults {
  /** Deadline of a call that sets none (`rpc.timeoutMs`). */
  timeoutMs: number;
  /** This process, sent as `meta.caller` for the server's logs. */
  caller: string;
}

// Errors that mean no byte of the call reached a server: safe to send anywhere else.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// Errors after the call may have been sent: the server may have acted on it.
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/**
 * Longest wait for a TCP connection. A host that vanished (a container gone) drops packets
 * instead of refusing; waiting for the whole deadline there would leave no time to retry.
 */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * How an attempt failed: `answered` (the server replied with an error: final), `not-sent` (no
 * connection: any call may go elsewhere), `lost` (connection lost after sending: only an
 * idempotent call may be repeated), `deadline` (no time left: final).
 */
type FailureKind = 'answered' | 'not-sent' | 'lost' | 'deadline';

type Attempt<T> = { ok: true; value: T } | { ok: false; error: RpcError; kind: FailureKind };

class ConnectFailure extends Error {
  constructor(readonly reason: unknown) {
    super('connect failed');
  }
}

/**
 * A typed client of one service contract: `client.call('ping', {})` only accepts the contract's
 * method names and payload types. Failures always surface as {@link RpcError}: the server's own
 * code, DEADLINE_EXCEEDED when the deadline passes, UNAVAILABLE when no instance can be reached.
 *
 * Each call goes to one instance the endpoints pick (balanced, filtered by `route`). If no
 * connection can be made, the call is retried once on another instance whatever the method; if
 * the connection is lost after sending, only an idempotent method (per the contract) is retried.
 * Errors the server returned and deadline expiry are never retried. Each attempt is a CLIENT
 * span carrying W3C trace context to the server, and a report to the client observer (metrics).
 */
export class RpcClient<C extends Contract> {
  private readonly endpoints: RpcEndpoints;

  /**
   * @param target the instances to call ({@link RpcInstancePool}, what `RpcClientsModule`
   *   builds), or one Nest `ClientProxy` (a fixed address, no balancing: tests, tools).
   */
  constructor(
    readonly contract: C,
    target: RpcEndpoints | ClientProxy,
    private readonly defaults: RpcClientDefaults,
  ) {
    this.endpoints = isEndpoints(target) ? target : new DirectEndpoint(contract.service, target);
  }

  async call<K extends MethodName<C>>(
    name: K,
    request: RequestOf<C, K>,
    options: CallOptions = {},
  ): Promise<ResponseOf<C, K>> {
    const pattern = patternOf(this.contract, name);
    const inherited = rpcContext.get()?.deadline;
    const own = Date.now() + (options.timeoutMs ?? this.defaults.timeoutMs);
    const deadline = inherited === undefined ? own : Math.min(own, inherited);
    if (deadline - Date.now() <= 0) {
      throw new RpcError(RpcStatus.DEADLINE_EXCEEDED, `No time left to call ${pattern}`);
    }
    const idempotent = this.contract.methods[name].idempotent;
    const clientIp = options.clientIp ?? rpcContext.get()?.clientIp;
    const tried = new Set<string>();
    let failure: RpcError | undefined;
    // At most two attempts: the first, and one retry on another instance.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const endpoint = this.endpoints.pick(options.route, tried);
      if (!endpoint) {
        throw (
          failure ?? new RpcError(RpcStatus.UNAVAILABLE, this.endpoints.describeNone(options.route))
        );
      }
      tried.add(endpoint.instanceId);
      const result = await this.attempt<ResponseOf<C, K>>(
        endpoint,
        name,
        pattern,
        request,
        deadline,
        clientIp,
      );
      if (result.ok) return result.value;
      failure = result.error;
      if (result.kind === 'not-sent' || result.kind === 'lost')
        this.endpoints.reportFailure(endpoint);
      const retryable = result.kind === 'not-sent' || (result.kind === 'lost' && idempotent);
      if (!retryable || deadline - Date.now() <= 0) throw failure;
    }
    throw failure!;
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.endpoints.close();
  }

  private async attempt<T>(
    endpoint: RpcEndpoint,
    name: string,
    pattern: string,
    request: unknown,
    deadline: number,
    clientIp: string | undefined,
  ): Promise<Attempt<T>> {
    const rpcService = this.contract.package;
    const parent = context.active();
    // No span in a trace that is not sampled (most calls): the parent's context goes on as is.
    const span = inUnsampledTrace(parent)
      ? undefined
      : rpcTracer().startSpan(
          rpcSpanName(rpcService, name),
          { kind: SpanKind.CLIENT, attributes: clientAttributes(rpcService, name, endpoint) },
          parent,
        );
    const meta: RpcMeta = { deadline, caller: this.defaults.caller };
    if (clientIp !== undefined) meta.clientIp = clientIp;
    const credentials = rpcCredentials();
    if (credentials) meta.auth = credentials.token();
    injectTraceContext(span ? trace.setSpan(parent, span) : parent, meta);
    const started = performance.now();
    let code = 'OK';
    try {
      const value = await this.exchange<T>(endpoint, pattern, { payload: request, meta }, deadline);
      recordUpstream(endpoint.instanceId);
      return { ok: true, value };
    } catch (thrown) {
      const { error, kind } = classify(thrown, pattern, endpoint, deadline);
      code = rpcStatusName(error.code);
      if (kind === 'answered') recordUpstream(endpoint.instanceId);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      return { ok: false, error, kind };
    } finally {
      if (span?.isRecording()) span.setAttribute('rpc.response.status_code', code);
      span?.end();
      observeRpcClientCall({
        service: endpoint.service,
        instance: endpoint.instanceId,
        method: pattern,
        code,
        durationSec: (performance.now() - started) / 1000,
      });
    }
  }

  /**
   * Connects first, apart from sending: a failure there means nothing was sent, which is what
   * makes a retry of a non-idempotent call safe.
   */
  private async exchange<T>(
    endpoint: RpcEndpoint,
    pattern: string,
    envelope: RpcEnvelope,
    deadline: number,
  ): Promise<T> {
    try {
      await withTimeout(
        endpoint.proxy.connect(),
        Math.min(CONNECT_TIMEOUT_MS, deadline - Date.now()),
      );
    } catch (error) {
      throw new ConnectFailure(error);
    }
    const remaining = Math.max(1, deadline - Date.now());
    return firstValueFrom(
      endpoint.proxy.send<T, RpcEnvelope>(pattern, envelope).pipe(timeout(remaining)),
    );
  }
}

function isEndpoints(target: RpcEndpoints | ClientProxy): target is RpcEndpoints {
  return typeof (target as Partial<RpcEndpoints>).pick === 'function';
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError()), Math.max(0, ms));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function classify(
  thrown: unknown,
  pattern: string,
  endpoint: RpcEndpoint,
  deadline: number,
): { error: RpcError; kind: FailureKind } {
  const where = `${endpoint.service} instance ${endpoint.instanceId}`;
  if (thrown instanceof ConnectFailure) {
    if (thrown.reason instanceof TimeoutError && deadline - Date.now() <= 0) {
      return {
        error: new RpcError(
          RpcStatus.DEADLINE_EXCEEDED,
          `${pattern}: no connection to ${where} before the deadline`,
        ),
        kind: 'deadline',
      };
    }
    return {
      error: new RpcError(
        RpcStatus.UNAVAILABLE,
        `${pattern}: ${where} unreachable (${
          thrown.reason instanceof TimeoutError
            ? `no connection within ${CONNECT_TIMEOUT_MS} ms`
            : (codeOf(thrown.reason) ?? 'connect failed')
        })`,
      ),
      kind: 'not-sent',
    };
  }
  if (thrown instanceof RpcError) return { error: thrown, kind: 'answered' };
  if (thrown instanceof TimeoutError) {
    return {
      error: new RpcError(
        RpcStatus.DEADLINE_EXCEEDED,
        `${pattern} did not answer before the deadline`,
      ),
      kind: 'deadline',
    };
  }
  if (isRpcErrorPayload(thrown)) return { error: RpcError.fromPayload(thrown), kind: 'answered' };
  // Nest's reply when the server has no handler for the pattern: version skew between services.
  if (typeof thrown === 'string' && thrown.includes('no matching message handler')) {
    return {
      error: new RpcError(
        RpcStatus.UNIMPLEMENTED,
        `${pattern} is not served by the running service`,
      ),
      kind: 'answered',
    };
  }
  const code = codeOf(thrown);
  if (code && NOT_SENT_CODES.has(code)) {
    // The send reconnected (the old connection had just closed) and that failed: nothing sent.
    return {
      error: new RpcError(RpcStatus.UNAVAILABLE, `${pattern}: ${where} unreachable (${code})`),
      kind: 'not-sent',
    };
  }
  if (
    (code && LOST_CODES.has(code)) ||
    (thrown instanceof Error && thrown.message === 'Connection closed')
  ) {
    return {
      error: new RpcError(
        RpcStatus.UNAVAILABLE,
        `${pattern}: connection to ${where} lost (${code ?? 'closed'})`,
      ),
      kind: 'lost',
    };
  }
  return { error: new RpcError(RpcStatus.INTERNAL, `${pattern} failed`), kind: 'answered' };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The attributes of a call's CLIENT span: the RPC ones and which instance was called. */
function clientAttributes(rpcService: string, method: string, endpoint: RpcEndpoint): Attributes {
  const attributes = rpcAttributes(rpcService, method);
  if (endpoint.host) attributes['server.address'] = endpoint.host;
  if (endpoint.port) attributes['server.port'] = endpoint.port;
  attributes['newsreel.instance.id'] = endpoint.instanceId;
  return attributes;
}
