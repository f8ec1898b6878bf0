import { HttpException } from '@nestjs/common';
import type { RpcErrorDetail } from '@newsreel/shared-contracts';

/** The JSON body of every error response of the public API. */
export interface ApiErrorBody {
  statusCode: number;
  /** HTTP reason phrase (`Bad Request`). */
  error: string;
  /** A message safe to show to the client. */
  message: string;
  /** Field-level problems, for 400s. */
  details?: RpcErrorDetail[];
  /**
   * The request's trace id (the one in the response's `traceparent` header), to quote when
   * reporting a problem: it finds the trace and the gateway's log line of the failure.
   */
  traceId?: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Reason phrase of a status code. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * Thrown by gateway code for a client-facing error with an exact status and message; with
 * `retryAfterSec`, the response carries `Retry-After` (429, 503).
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    details?: RpcErrorDetail[],
    readonly retryAfterSec?: number,
  ) {
    const body: ApiErrorBody = {
      statusCode: status,
      error: reasonPhrase(status),
      message,
      ...(details ? { details } : {}),
    };
    super(body, status);
  }
}
