import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a service token is valid; a client renews it when less than half is left. */
const TOKEN_TTL_SEC = 120;
/** Leeway for clocks that disagree between hosts. */
const CLOCK_SKEW_SEC = 30;
/** Verified tokens remembered (a token is reused for a minute, so a few per caller). */
const VERIFIED_CACHE_SIZE = 256;
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The process's RPC identity: who it is and the key its tokens are signed with. */
export interface RpcCredentialOptions {
  /** This process's service name (`gateway`, `video`): what its tokens say. */
  service: string;
  /** The platform's shared internal key (`auth.rpcSecret`). */
  secret: string;
}

/**
 * Service tokens for internal RPC: every call carries one in `meta.auth`, and every server
 * checks it before anything else, so a peer that merely reaches a service's port (a raw TCP
 * frame from anywhere on the network) cannot act on it. A token is
 * `<service>.<exp>.<HMAC-SHA256(secret, service.exp)>`: short-lived (2 min), renewed by the
 * client at half-life, verified in constant time and cached once verified, so a call pays one
 * map lookup, not a hash.
 */
export class RpcCredentials {
  private readonly key: Buffer;
  private current?: { token: string; exp: number };
  private readonly verified = new Map<string, { service: string; exp: number }>();

  constructor(private readonly options: RpcCredentialOptions) {
    if (!SERVICE_NAME.test(options.service)) {
      throw new Error(`RPC credentials: "${options.service}" is not a service name`);
    }
    this.key = Buffer.from(options.secret, 'utf8');
  }

  /** A valid token of this process (renewed at half-life). */
  token(nowMs = Date.now()): string {
    const now = Math.floor(nowMs / 1000);
    if (!this.current || this.current.exp - now < TOKEN_TTL_SEC / 2) {
      const exp = now + TOKEN_TTL_SEC;
      this.current = {
        token: `${this.options.service}.${exp}.${this.sign(this.options.service, exp)}`,
        exp,
      };
    }
    return this.current.token;
  }

  /** The calling service named by a valid `token`, or `undefined` for anything else. */
  verify(token: unknown, nowMs = Date.now()): string | undefined {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const now = Math.floor(nowMs / 1000);
    const cached = this.verified.get(token);
    if (cached) return cached.exp + CLOCK_SKEW_SEC >= now ? cached.service : undefined;
    const [service, expText, mac, ...rest] = token.split('.');
    if (
      rest.length > 0 ||
      !service ||
      !SERVICE_NAME.test(service) ||
      !/^\d{1,12}$/.test(expText ?? '')
    ) {
      return undefined;
    }
    const exp = Number(expText);
    // Expired, or valid for longer than any token we issue (not one of ours).
    if (exp + CLOCK_SKEW_SEC < now || exp > now + TOKEN_TTL_SEC + CLOCK_SKEW_SEC) return undefined;
    const expected = Buffer.from(this.sign(service, exp));
    const given = Buffer.from(mac ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, { service, exp });
    return service;
  }

  private sign(service: string, exp: number): string {
    return createHmac('sha256', this.key)
      .update(`newsreel-rpc:v1:${service}.${exp}`)
      .digest('base64url');
  }
}

let installed: RpcCredentials | undefined;

/**
 * Installs this process's credentials: from now on its clients send a token with every call and
 * its servers refuse calls without a valid one (`UNAUTHENTICATED`). `PlatformModule` does this
 * at start for every service from `auth.rpcSecret`; a process that never installs credentials
 * (a bare server in a unit test) neither sends nor checks tokens.
 */
export function installRpcCredentials(options: RpcCredentialOptions): RpcCredentials {
  installed = new RpcCredentials(options);
  return installed;
}

/** Removes the installed credentials (tests). */
export function uninstallRpcCredentials(): void {
  installed = undefined;
}

/** The installed credentials, if any. */
export function rpcCredentials(): RpcCredentials | undefined {
  return installed;
}
