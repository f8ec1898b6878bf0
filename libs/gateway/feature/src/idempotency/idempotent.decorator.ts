import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a write route as taking `Idempotency-Key` ({@link IdempotencyInterceptor}) and documents
 * the header and its refusals in the OpenAPI document. Put it on every POST that creates or
 * changes something (the auth routes excepted: their answers are credentials, not stored).
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key per intended write (e.g. a UUID). A retry with the same key returns the ' +
        'first answer (header Idempotency-Replayed: true) and writes nothing again; kept 24 h per user.',
    }),
    ApiResponse({
      status: 409,
      description: 'A request with this Idempotency-Key is still running',
    }),
    ApiResponse({
      status: 422,
      description: 'This Idempotency-Key was used for a different request',
    }),
  );
