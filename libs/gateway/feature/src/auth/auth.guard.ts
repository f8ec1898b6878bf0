import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import { type AccessClaims, AccessTokens } from '@newsreel/shared-auth';
import { spanOfRequest } from '@newsreel/shared-tracing';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error';
import { SessionRevocations } from './session-revocations';

/** The authenticated caller, attached to the request by {@link AuthGuard}. */
export type AuthenticatedRequest = FastifyRequest & { user?: AccessClaims };

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : '';
}

/**
 * Verifies an access token for the public API: signature and claims ({@link AccessTokens}), and
 * that its session has not ended ({@link SessionRevocations}: logout and refresh-token reuse end
 * a session at once, not when its tokens expire). Throws a 401 {@link ApiError} otherwise.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(SessionRevocations) private readonly revocations: SessionRevocations,
  ) {}

  async verify(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.tokens.verify(token);
    } catch {
      throw new ApiError(401, 'Invalid or expired access token');
    }
    if (this.revocations.isRevoked(claims.sid)) {
      throw new ApiError(401, 'This session has ended; log in again');
    }
    return claims;
  }
}

/** Requires a valid access token (`Authorization: Bearer <token>`): 401 otherwise. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(@Inject(AccessTokenVerifier) private readonly tokens: AccessTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    if (!token) throw new ApiError(401, 'Authentication required');
    request.user = await this.tokens.verify(token);
    // The caller's id on the request's span (a business id: never the token or the name).
    spanOfRequest(request)?.setAttribute('user.id', request.user.sub);
    return true;
  }
}

/**
 * Requires a valid access token carrying the `admin` role: 401 without a valid token, 403 for
 * anyone else. Guards `/api/v1/admin/*` (registry, configuration, traces).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AuthGuard) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.auth.canActivate(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.user?.roles?.includes('admin')) throw new ApiError(403, 'Admin role required');
    return true;
  }
}

/** The caller's claims; only on routes behind {@link AuthGuard}. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AccessClaims => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new ApiError(401, 'Authentication required');
    return user;
  },
);

/**
 * Authenticates when a token is sent and lets anonymous callers through (e.g. `likedByMe` on a
 * public video). A token that is sent but invalid is still a 401: silently treating it as
 * anonymous would hide an expired session from the client.
 */
@Injectable()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthGuard) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.headers.authorization === undefined) return true;
    return this.auth.canActivate(context);
  }
}

/** The caller's claims when authenticated, `undefined` otherwise (routes behind {@link OptionalAuthGuard}). */
export const OptionalUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AccessClaims | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
