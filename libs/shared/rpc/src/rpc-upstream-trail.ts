import { ContextSlot } from '@newsreel/shared-async-context';
import { type Context, context } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Response header naming the instances that served a request (`video-2,account-1`). */
export const UPSTREAM_HEADER = 'x-newsreel-upstream';

/** The instances that answered RPC calls made while serving the current request, in order. */
const trail = new ContextSlot<string[]>('rpc.upstream-trail');

/** Called by the RPC client for every call an instance answered; a no-op outside a trail. */
export function recordUpstream(instanceId: string): void {
  trail.get()?.push(instanceId);
}

/** Runs `fn` with a fresh trail and returns what it recorded (tests, scripts). */
export async function withUpstreamTrail<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; upstreams: string[] }> {
  const upstreams: string[] = [];
  const result = await trail.run(upstreams, fn);
  return { result, upstreams };
}

/** The header value for a trail: each instance once, in first-use order. */
export function upstreamHeaderValue(upstreams: readonly string[]): string {
  return [...new Set(upstreams)].join(',');
}

/** Per request: its trail, and the context it was entered in (to enter again after the body). */
const requests = new WeakMap<FastifyRequest, { upstreams: string[]; scope: Context }>();

/**
 * Adds `x-newsreel-upstream: video-2,account-1` to every response that made RPC calls, naming
 * the instances that answered them: a learner sees the balancing and the retries from `curl -i`.
 * `bootstrap()` installs it outside production (instance ids are internals), after the HTTP
 * tracing hook, so the trail joins the request's span in one context. Call it before the app
 * listens (routes are registered then).
 *
 * The trail is a {@link ContextSlot} entered in `onRequest`, and the same context entered again
 * in `preValidation` (after the body is read), as `@fastify/request-context` does: a body parser
 * that resumes in the socket's async context must not lose it.
 */
export function installServedByHeader(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const upstreams: string[] = [];
    const scope = trail.in(context.active(), upstreams);
    requests.set(request, { upstreams, scope });
    context.with(scope, done);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const entered = requests.get(request);
    if (entered) context.with(entered.scope, done);
    else done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const upstreams = requests.get(request)?.upstreams;
    if (upstreams && upstreams.length > 0)
      reply.header(UPSTREAM_HEADER, upstreamHeaderValue(upstreams));
    done(null, payload);
  });
}
