import { request } from 'node:http';

/** The answer of {@link requestFromAddress}. */
export interface AddressedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON (or the text, when it is not JSON); shaped by what the test expects. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers assert on its fields
  body: any;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
}

/**
 * One JSON HTTP request sent from a chosen local address. Every 127.x.y.z address is this
 * machine's loopback, so a test or benchmark can play many clients (an attacker at 127.0.0.2,
 * a user at 127.0.0.1) against a server on 127.0.0.1, and per-address limits see them apart.
 */
export function requestFromAddress(
  localAddress: string,
  url: string,
  options: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<AddressedResponse> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
      headers,
      localAddress,
      agent: false,
      timeout: options.timeoutMs ?? 30_000,
    });
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${options.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          ms: performance.now() - started,
        });
      });
    });
    req.end(payload);
  });
}
