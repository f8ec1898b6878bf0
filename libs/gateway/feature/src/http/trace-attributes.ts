import { spanOfRequest } from '@newsreel/shared-tracing';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const VIDEO_ROUTE = /^\/api\/v1\/videos\/:id(\/|$)/;
const uuid = z.uuid();

/**
 * Adds the business id of `/api/v1/videos/:id...` requests to their server span as `video.id`,
 * so a trace can be found from the video it was about. Only a well-formed id is recorded
 * (anything else is a 404 anyway): client-chosen text never becomes an attribute. The caller's
 * `user.id` is set by the auth guard once the token is verified.
 */
export function traceBusinessIds(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route && VIDEO_ROUTE.test(route)) {
      const id = (request.params as { id?: unknown } | undefined)?.id;
      const span = spanOfRequest(request);
      if (span?.isRecording() && uuid.safeParse(id).success)
        span.setAttribute('video.id', id as string);
    }
    done();
  });
}
