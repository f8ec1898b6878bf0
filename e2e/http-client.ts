import { request } from 'node:http';

/** A response as the tests look at it. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (for malformed JSON and wrong content types). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A tiny client of the public API: JSON in, JSON out, nothing hidden. */
export function apiClient(baseUrl: string) {
  return async function call<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

/**
 * Sends only the head of a request that declares a body larger than the gateway accepts, and
 * returns the status and JSON body the gateway answers with. The gateway refuses on the declared
 * `content-length` alone, before reading the body; writing all of an oversize body races the
 * server closing the socket (EPIPE in the client), so the test does what a careful client does.
 */
export function sendOversizeHead(
  baseUrl: string,
  path: string,
  declaredBytes: number,
): Promise<{ status: number; body: any }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
    });
    req.on('error', reject);
    req.write('{"username":"a","password":"');
  });
}

type Api = ReturnType<typeof apiClient>;

const unique = () => Math.random().toString(36).slice(2, 10);

/** Registers a fresh user named `<prefix>_<random>` and returns its id and access token. */
export async function registerUser(
  api: Api,
  prefix = 'u',
): Promise<{ id: string; token: string; username: string }> {
  const username = `${prefix}_${unique()}`;
  const res = await api('POST', '/api/v1/auth/register', {
    body: { username, password: 'correct horse' },
  });
  if (res.status !== 201) {
    throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { id: res.body.user.id as string, token: res.body.accessToken as string, username };
}

/** Publishes a 3-second demo clip (category tech) as the token's user; returns the video id. */
export async function publishVideo(
  api: Api,
  token: string,
  title = `clip ${unique()}`,
): Promise<string> {
  const res = await api('POST', '/api/v1/videos', {
    token,
    body: { title, category: 'tech', mediaUrl: '/media/clip-01.mp4', durationSec: 3 },
  });
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
