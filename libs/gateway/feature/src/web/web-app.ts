import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';

/**
 * The policy of every page and asset of the web app: scripts, styles, media and API calls from
 * this origin only, nothing inline, no plugins, no framing. The app is built so that it needs
 * nothing more (Vite emits external scripts and stylesheets; styles set from code go through
 * the CSSOM, which `style-src` does not restrict).
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Hashed file names (Vite's `assets/name-hash.js`) never change content: cache them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages are revalidated every time, so a new build is picked up at once. */
const REVALIDATE = 'no-cache';

/**
 * Serves the built web app (`/`) and learner console (`/console/`) from `webDir` (built by
 * `npm run build` into dist/web). Routes are made for the files present at start
 * (`wildcard: false`), so unknown paths still reach the API's JSON 404. Without a build the
 * gateway starts anyway and says how to get one.
 */
export function serveWebApp(app: NestFastifyApplication): void {
  const root = resolve(app.get<PlatformConfig>(PLATFORM_CONFIG).webDir);
  if (!existsSync(resolve(root, 'index.html'))) {
    app
      .get<Logger>(LOGGER)
      .warn({ webDir: root }, 'web app not built: run `npm run build` to serve it at /');
    return;
  }
  const assets = `${resolve(root, 'assets')}${sep}`;
  // Registered on Fastify directly: Nest's option types predate @fastify/static 10's `setHeaders(reply)`.
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
      reply.header('x-content-type-options', 'nosniff');
      if (path.endsWith('.html')) {
        reply.header('content-security-policy', WEB_CONTENT_SECURITY_POLICY);
        reply.header('referrer-policy', 'same-origin');
      }
    },
  });
  // `redirect: true` cannot be used with the `/` prefix (it would route the empty path).
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 301));
}
