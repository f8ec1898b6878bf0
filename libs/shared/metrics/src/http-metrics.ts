import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from './metrics.registry';

/** Label of requests that matched no route (404s on made-up paths, scanners). */
export const UNMATCHED_ROUTE = 'unmatched';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The `route` label of a request: the pattern it matched (`/api/v1/videos/:id`), so one series
 * covers every id; `unmatched` when no route matched, so random URLs cannot add series.
 */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern ? routePattern : UNMATCHED_ROUTE;
}

/** The `method` label: standard methods as they are, anything else `OTHER` (bounded set). */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : 'OTHER';
}

/**
 * Records every answered request (`http_server_requests_total`,
 * `http_server_request_duration_seconds`) with a Fastify `onResponse` hook. Call it before the
 * app listens (`bootstrap` does), so it applies to every route.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp({
      method: methodLabel(request.method),
      route: routeLabel(request.routeOptions.url),
      status: reply.statusCode,
      durationSec: reply.elapsedTime / 1000,
    });
    done();
  });
}
