import { Logger } from '@nestjs/common';
import { MessagePattern, RpcException } from '@nestjs/microservices';
import {
  type Contract,
  type MethodName,
  type ParsedRequestOf,
  type ResponseOf,
  RpcError,
  RpcStatus,
  patternOf,
  rpcStatusName,
} from '@newsreel/shared-contracts';
import { context as otelContext } from '@opentelemetry/api';
import { isRpcEnvelope } from './rpc-envelope';
import { observeRpcCall } from './rpc-observer';
import { rpcCredentials } from './rpc-auth';
import { rpcContext } from './rpc-context';
import { endServerSpan, startServerSpan } from './rpc-tracing';

const logger = new Logger('RpcServer');

type Handler<C extends Contract, K extends MethodName<C>> = (
  request: ParsedRequestOf<C, K>,
) => Promise<ResponseOf<C, K>> | ResponseOf<C, K>;

/**
 * Serves one contract method: registers the message pattern, validates the inbound payload
 * with the contract's schema (INVALID_ARGUMENT with field details otherwise), refuses calls
 * whose deadline has passed, and turns every error into an {@link RpcError} on the wire
 * (unexpected errors are logged here and leave as a bare INTERNAL: no stack crosses a hop).
 * Every call is reported to the {@link setRpcObserver} hook (method, status name, duration) and
 * traced as a SERVER span `<package>/<method>`, child of the caller's span carried in the envelope.
 * The method's signature is checked against the contract at compile time.
 */
export function RpcMethod<C extends Contract, K extends MethodName<C>>(contract: C, name: K) {
  const spec = contract.methods[name];
  const pattern = patternOf(contract, name);
  return <H extends Handler<C, K>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    const original = descriptor.value;
    if (!original) throw new Error(`@RpcMethod(${pattern}) must decorate a method`);
    const wrapped = async function (this: unknown, envelope: unknown) {
      const started = performance.now();
      let code: string = 'OK';
      let message: string | undefined;
      // The SERVER span is a child of the caller's CLIENT span (W3C context in the envelope), and
      // the handler runs inside it, so its own calls, queries and events join the same trace.
      const meta = isRpcEnvelope(envelope) ? envelope.meta : undefined;
      const { span, context: traced } = startServerSpan(contract.package, name, meta);
      // One context entry for both: the span, and the call metadata (deadline propagation).
      const scope = meta ? rpcContext.in(traced, meta) : traced;
      try {
        return await otelContext.with(scope, async () => {
          if (!isRpcEnvelope(envelope)) {
            throw new RpcError(RpcStatus.INVALID_ARGUMENT, 'Malformed RPC envelope');
          }
          // Who is calling comes first: an unauthenticated frame gets no further, not even
          // validation (which would tell a prober what the method expects).
          const credentials = rpcCredentials();
          if (credentials && credentials.verify(envelope.meta.auth) === undefined) {
            throw new RpcError(RpcStatus.UNAUTHENTICATED, `${pattern}: caller not authenticated`);
          }
          const { deadline } = envelope.meta;
          if (deadline !== undefined && Date.now() >= deadline) {
            throw new RpcError(
              RpcStatus.DEADLINE_EXCEEDED,
              `Deadline passed before ${pattern} started`,
            );
          }
          const parsed = spec.request.safeParse(envelope.payload);
          if (!parsed.success) {
            throw new RpcError(
              RpcStatus.INVALID_ARGUMENT,
              'Invalid request',
              parsed.error.issues.map((i) => ({
                path: i.path.map(String).join('.'),
                message: i.message,
              })),
            );
          }
          return await (original as Handler<C, K>).call(this, parsed.data as ParsedRequestOf<C, K>);
        });
      } catch (error) {
        if (error instanceof RpcError) {
          code = rpcStatusName(error.code);
          message = error.message;
          throw new RpcException(error.toPayload());
        }
        code = 'INTERNAL';
        logger.error(
          error instanceof Error ? error : String(error),
          `Unhandled error in ${pattern}`,
        );
        throw new RpcException(new RpcError(RpcStatus.INTERNAL, 'Internal error').toPayload());
      } finally {
        observeRpcCall({
          method: pattern,
          code,
          durationSec: (performance.now() - started) / 1000,
        });
        // Only the status name for INTERNAL: the exception's own message may hold anything.
        endServerSpan(span, code, message);
      }
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    // Keep metadata other decorators put on the original (Nest reads it from the function).
    for (const metaKey of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(metaKey, Reflect.getMetadata(metaKey, original), wrapped);
    }
    descriptor.value = wrapped as unknown as H;
    MessagePattern(pattern)(target, key, descriptor);
  };
}
