import { RpcStatus } from '@newsreel/shared-contracts';

/**
 * gRPC status -> HTTP status, as the gRPC-HTTP mapping guide does it. Anything not listed is a
 * 500: the client cannot do better by retrying differently.
 */
const MAP: Partial<Record<number, number>> = {
  [RpcStatus.INVALID_ARGUMENT]: 400,
  [RpcStatus.FAILED_PRECONDITION]: 400,
  [RpcStatus.UNAUTHENTICATED]: 401,
  [RpcStatus.PERMISSION_DENIED]: 403,
  [RpcStatus.NOT_FOUND]: 404,
  [RpcStatus.ALREADY_EXISTS]: 409,
  [RpcStatus.ABORTED]: 409,
  [RpcStatus.RESOURCE_EXHAUSTED]: 429,
  [RpcStatus.CANCELLED]: 499,
  [RpcStatus.UNIMPLEMENTED]: 501,
  [RpcStatus.UNAVAILABLE]: 503,
  [RpcStatus.DEADLINE_EXCEEDED]: 504,
};

/** HTTP status for an RPC status code. */
export function httpStatusOf(rpcCode: number): number {
  return MAP[rpcCode] ?? 500;
}
