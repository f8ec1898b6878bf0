import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
} from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { spanOfRequest, traceLogFields } from '@newsreel/shared-tracing';
import { trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorBody, reasonPhrase } from './api-error';
import { httpStatusOf } from './rpc-to-http';

/** What the failure log line adds about the cause (never sent to the client). */
type FailureDetail = Record<string, unknown>;

/**
 * Every error leaves the gateway as `{statusCode, error, message, details?, traceId?}`. Client
 * mistakes keep their message; upstream failures say which kind (unavailable, timeout) without
 * internals; anything unexpected is answered with a bare 500.
 *
 * Each failed request is also logged once (4xx at info, 5xx at error, with the cause and, for
 * an unexpected error, its stack) carrying `trace_id` and `span_id`: the `traceId` of the body
 * and the response's `traceparent` lead to that line and to the trace.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    // Health endpoints answer 503 with Terminus' report ({status, info, error, details}): a
    // probe's body, not an API error, so it passes through untouched.
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    // The request's own span: a body-parsing error is handled outside its active context.
    const ids = traceLogFields(spanOfRequest(request) ?? trace.getActiveSpan());
    const { body, detail } = this.toBody(exception);
    if (ids.trace_id) body.traceId = ids.trace_id;
    this.logFailure(request, body, detail, ids);
    const retryAfterSec = retryAfterOf(exception);
    if (retryAfterSec !== undefined) void reply.header('retry-after', String(retryAfterSec));
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private logFailure(
    request: FastifyRequest,
    body: ApiErrorBody,
    detail: FailureDetail,
    ids: ReturnType<typeof traceLogFields>,
  ): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const fields = {
      statusCode: body.statusCode,
      method: request.method,
      route,
      // The path only: a query string may carry what does not belong in logs.
      path: request.url.split('?')[0],
      ...detail,
      ...ids,
    };
    const message = `${request.method} ${route} failed: ${body.statusCode} ${body.message}`;
    if (body.statusCode >= 500) this.logger.error(fields, message);
    else this.logger.info(fields, message);
  }

  /**
   * What the client reads of an RPC failure. Client errors and limits keep the service's message
   * (written for clients). A failed upstream's message names methods, instances and errno codes:
   * useful to a learner on `npm start` (development), internal anywhere else, where it stays in
   * the log line and the trace, and the body only says what kind of failure it was.
   */
  private clientMessage(error: RpcError, statusCode: number): string {
    if (statusCode === 500) return 'Internal server error';
    if (error.code === RpcStatus.RESOURCE_EXHAUSTED || this.config.env === 'development') {
      return error.message;
    }
    if (error.code === RpcStatus.UNAVAILABLE) return 'Service unavailable; try again later';
    if (error.code === RpcStatus.DEADLINE_EXCEEDED)
      return 'An upstream service did not answer in time';
    return error.message;
  }

  private toBody(exception: unknown): { body: ApiErrorBody; detail: FailureDetail } {
    if (exception instanceof RpcError) {
      // RESOURCE_EXHAUSTED is a 429 when the caller used up its allowance, a 503 when the
      // service is at capacity for everyone (the error's retry hint says which).
      const statusCode =
        exception.code === RpcStatus.RESOURCE_EXHAUSTED && exception.retry?.scope === 'server'
          ? 503
          : httpStatusOf(exception.code);
      const message = this.clientMessage(exception, statusCode);
      return {
        body: { statusCode, error: reasonPhrase(statusCode), message, ...detailsOf(exception) },
        detail: statusCode >= 500 ? { rpcCode: exception.code, cause: exception.message } : {},
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'message' in response) {
        const { message, details } = response as {
          message: unknown;
          details?: ApiErrorBody['details'];
        };
        const text = Array.isArray(message) ? message.join('; ') : String(message);
        return {
          body: {
            statusCode,
            error: reasonPhrase(statusCode),
            message: text,
            ...(details ? { details } : {}),
          },
          detail: {},
        };
      }
      return {
        body: {
          statusCode,
          error: reasonPhrase(statusCode),
          message: typeof response === 'string' ? response : exception.message,
        },
        detail: {},
      };
    }
    // Fastify's own client errors (malformed JSON, wrong content type, body too large).
    const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const message = (exception as Error).message || reasonPhrase(fastifyStatus);
      return {
        body: { statusCode: fastifyStatus, error: reasonPhrase(fastifyStatus), message },
        detail: {},
      };
    }
    return {
      body: { statusCode: 500, error: reasonPhrase(500), message: 'Internal server error' },
      detail: { err: exception },
    };
  }
}

/** `Retry-After` seconds of a refusal that says when to come back. */
function retryAfterOf(exception: unknown): number | undefined {
  if (exception instanceof RpcError) return exception.retry?.retryAfterSec;
  if (exception instanceof ApiError) return exception.retryAfterSec;
  return undefined;
}

function isHealthReport(response: unknown): boolean {
  return (
    typeof response === 'object' &&
    response !== null &&
    'status' in response &&
    'details' in response
  );
}

function detailsOf(error: RpcError): Pick<ApiErrorBody, 'details'> {
  return error.details?.length ? { details: error.details } : {};
}
