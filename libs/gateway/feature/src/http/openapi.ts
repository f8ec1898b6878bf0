import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBody, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { z } from 'zod';
import { serveWebApp } from '../web/web-app';
import { traceBusinessIds } from './trace-attributes';

/** The JSON Schema of a zod schema, as the client sends it (defaults optional). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** Documents a JSON body with the same zod schema that validates it. */
export const ApiJsonBody = (schema: z.ZodType) => ApiBody({ schema: jsonSchemaOf(schema) });

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds until a retry can succeed', schema: { type: 'integer' } },
};

/**
 * Documents the refusals of a limited route: 429 (this client is over its limit) and 503 (the
 * service is at capacity), both with `Retry-After`.
 */
export function ApiTooManyRequests(why: string): MethodDecorator {
  const tooMany = ApiResponse({ status: 429, description: why, headers: RETRY_AFTER });
  const busy = ApiResponse({
    status: 503,
    description: 'At capacity (e.g. every password-hashing slot busy); retry later',
    headers: RETRY_AFTER,
  });
  return (target, key, descriptor) => {
    tooMany(target, key, descriptor);
    busy(target, key, descriptor);
  };
}

/** Documents each query parameter of a zod object schema. */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  const decorators = Object.entries(schema.shape).map(([name, field]) =>
    ApiQuery({
      name,
      required: !(field as z.ZodType).safeParse(undefined).success,
      schema: jsonSchemaOf(field as z.ZodType),
    }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

/**
 * Serves the OpenAPI document generated from the controllers at `/docs` (UI) and
 * `/docs/openapi.json`, so the published API cannot drift from the code.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Newsreel API')
    .setDescription(
      'Public HTTP API of the Newsreel gateway. Errors: {statusCode, error, message, details?, traceId?}. ' +
        'Every response carries a W3C traceparent header.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/**
 * HTTP set-up of the gateway before it listens: the public API speaks JSON only (any other body
 * type is a 415, not a string the validators then reject), `video.id` goes on the spans of video
 * routes, the web app and the OpenAPI UI are mounted.
 */
export function configureGatewayHttp(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().removeContentTypeParser(['text/plain']);
  traceBusinessIds(app.getHttpAdapter().getInstance());
  // The demo clips and covers; in production these would live on a CDN / object store.
  app.useStaticAssets({
    root: resolve(app.get<PlatformConfig>(PLATFORM_CONFIG).mediaDir),
    prefix: '/media/',
    decorateReply: false,
    maxAge: '1h',
  });
  serveWebApp(app);
  setupOpenApi(app);
}
