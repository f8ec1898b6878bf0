import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
} from '@nestjs/common';
import { RpcError } from '@newsreel/shared-contracts';
import type { Logger } from '@newsreel/shared-logging';
import { LOGGER } from '@newsreel/shared-platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiErrorBody, reasonPhrase } from './api-error';
import { httpStatusOf } from './rpc-to-http';

/**
 * Every error leaves the gateway as `{statusCode, error, message, details?}`. Client mistakes
 * keep their message; upstream failures say which kind (unavailable, timeout) without internals;
 * anything unexpected is logged here with its stack and answered with a bare 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

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
    const body = this.toBody(exception, request);
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ApiErrorBody {
    if (exception instanceof RpcError) {
      const statusCode = httpStatusOf(exception.code);
      if (statusCode >= 500)
        this.logger.warn({ code: exception.code, url: request.url }, exception.message);
      const message = statusCode === 500 ? 'Internal server error' : exception.message;
      return { statusCode, error: reasonPhrase(statusCode), message, ...detailsOf(exception) };
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
          statusCode,
          error: reasonPhrase(statusCode),
          message: text,
          ...(details ? { details } : {}),
        };
      }
      return {
        statusCode,
        error: reasonPhrase(statusCode),
        message: typeof response === 'string' ? response : exception.message,
      };
    }
    // Fastify's own client errors (malformed JSON, wrong content type, body too large).
    const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const message = (exception as Error).message || reasonPhrase(fastifyStatus);
      return { statusCode: fastifyStatus, error: reasonPhrase(fastifyStatus), message };
    }
    this.logger.error(
      { err: exception, url: request.url, method: request.method },
      'unhandled error',
    );
    return { statusCode: 500, error: reasonPhrase(500), message: 'Internal server error' };
  }
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
