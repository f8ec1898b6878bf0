import createClient from 'openapi-fetch';
import type { paths } from './openapi';
import type { SessionStore } from './session';
import type { ApiErrorBody, Session } from './views';

/** A refusal of the API (or an unreachable gateway, status 0), with the gateway's message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly traceId?: string,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

/** The typed client: paths, parameters and bodies are checked against the OpenAPI document. */
export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * A client that sends the session's access token and, when the gateway answers 401, rotates
 * the refresh token once (one refresh in flight, shared by concurrent calls) and retries.
 * A refresh that fails ends the session.
 */
export function createApiClient(session: SessionStore): ApiClient {
  let refreshing: Promise<Session | null> | undefined;

  const refresh = (refreshToken: string): Promise<Session | null> =>
    (refreshing ??= fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    })
      .then(async (res) => (res.ok ? ((await res.json()) as Session) : null))
      .catch(() => null)
      .then((next) => {
        session.set(next);
        return next;
      })
      .finally(() => (refreshing = undefined)));

  const send = (request: Request, token: string | undefined): Promise<Response> => {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return fetch(request);
  };

  async function authenticatedFetch(request: Request): Promise<Response> {
    const current = session.get();
    const retry = request.clone();
    const response = await send(request, current?.accessToken);
    if (response.status !== 401 || !current || new URL(request.url).pathname.includes('/auth/')) {
      return response;
    }
    const next = await refresh(current.refreshToken);
    return next ? send(retry, next.accessToken) : response;
  }

  return createClient<paths>({ baseUrl: location.origin, fetch: authenticatedFetch });
}

/**
 * The body of a successful answer as `T`, or an {@link ApiProblem} with the gateway's message.
 * (The OpenAPI document has no response schemas yet, so the caller names the view type.)
 */
export async function body<T>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new ApiProblem(0, 'The gateway cannot be reached. Is the platform running?');
  }
  if (!result.response.ok) {
    const error = result.error as Partial<ApiErrorBody> | undefined;
    throw new ApiProblem(
      result.response.status,
      error?.message ?? `${result.response.status} ${result.response.statusText}`,
      error?.traceId,
    );
  }
  return result.data as T;
}

/** A message for any error, for `role="alert"` boxes. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) {
    return error.traceId ? `${error.message} (trace ${error.traceId})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
