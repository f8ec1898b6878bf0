import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { ApiError } from '../http/api-error';
import type { IdempotencyStore, IdempotentRecord } from './idempotency.store';

/** DI token of the gateway's {@link IdempotencyStore}. */
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** The request header (IETF draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long an outcome is replayed for the same key. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a claim of a request still running holds (well beyond any RPC deadline). */
const IN_FLIGHT_TTL_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a write: the first request with a key runs, and its successful answer is
 * stored per user for 24 hours; a retry with the same key gets the same answer (same status,
 * same body, header `Idempotency-Replayed: true`) and writes nothing. A key reused with a
 * different body or route is a 422; a retry while the first is still running is a 409. A
 * request that failed frees its key, so a retry runs again (an error wrote nothing the client
 * could rely on: writes answer with success once committed, see `UserDirectory.author`).
 * Without the header the request runs as usual.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new ApiError(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    // Routes that take a key are authenticated: keys are per user, so two users never collide.
    const user = request.user?.sub ?? 'anonymous';
    const key = `${user}:${header}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');

    let claim;
    try {
      claim = await this.store.claim(key, fingerprint, IN_FLIGHT_TTL_MS);
    } catch {
      throw new ApiError(503, 'Idempotency store unavailable; try again later', undefined, 1);
    }
    if (!claim.claimed) return of(this.replay(claim.existing, fingerprint, http.getResponse()));

    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          this.store
            .complete(key, { state: 'done', fingerprint, body }, IDEMPOTENCY_TTL_MS)
            // The write is done: its answer goes out even if it could not be recorded (the key
            // stays claimed for a minute, so a quick retry gets a 409, not a second write).
            .catch((error: unknown) =>
              this.logger.error({ err: error }, 'could not record an Idempotency-Key outcome'),
            )
            .then(() => body),
        ),
      ),
      // On an error the key is freed (a retry runs again) and the error passes on unchanged.
      catchError((error: unknown) =>
        from(this.store.release(key).catch(() => undefined)).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }

  private replay(existing: IdempotentRecord, fingerprint: string, reply: FastifyReply): unknown {
    if (existing.fingerprint !== fingerprint) {
      throw new ApiError(422, 'This Idempotency-Key was used for a different request');
    }
    if (existing.state === 'in-flight') {
      throw new ApiError(
        409,
        'A request with this Idempotency-Key is still being processed',
        undefined,
        1,
      );
    }
    void reply.header('idempotency-replayed', 'true');
    return existing.body;
  }
}
