import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Response header naming the instances that served a request (`video-2,account-1`). */
export const UPSTREAM_HEADER = 'x-newsreel-upstream';

/** The instances that answered RPC calls made while serving the current request, in order. */
const trail = new AsyncLocalStorage<string[]>();

/** Called by the RPC client for every call an instance answered; a no-op outside a trail. */
export function recordUpstream(instanceId: string): void {
  trail.getStore()?.push(instanceId);
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

const trails = new WeakMap<FastifyRequest, string[]>();

/**
 * Adds `x-newsreel-upstream: video-2,account-1` to every response that made RPC calls, naming
 * the instances that answered them: a learner sees the balancing and the retries from `curl -i`.
 * `bootstrap()` installs it outside production (instance ids are internals). Call it before the
 * app listens (routes are registered then).
 *
 * The trail is an AsyncLocalStorage entered in `onRequest`, and entered again in `preValidation`
 * (after the body is read), as `@fastify/request-context` does: a body parser that resumes in
 * the socket's async context must not lose it.
 */
export function installServedByHeader(fastify: FastifyInstance): void {
  const enter = (request: FastifyRequest, done: () => void) => {
    let upstreams = trails.get(request);
    if (!upstreams) {
      upstreams = [];
      trails.set(request, upstreams);
    }
    trail.run(upstreams, done);
  };
  fastify.addHook('onRequest', (request, _reply, done) => enter(request, done));
  fastify.addHook('preValidation', (request, _reply, done) => enter(request, done));
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const upstreams = trails.get(request);
    if (upstreams && upstreams.length > 0)
      reply.header(UPSTREAM_HEADER, upstreamHeaderValue(upstreams));
    done(null, payload);
  });
}
