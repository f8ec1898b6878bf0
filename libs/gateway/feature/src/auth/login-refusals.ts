import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LRUCache } from 'lru-cache';

/** Pairs remembered at most (least recently used go first). */
const MAX_PAIRS = 10_000;
/** Refusals held back at once at most; beyond, they are answered at once (bounded sockets). */
const MAX_HELD = 1000;

/**
 * The account service's "too many failed logins" verdicts, remembered at the edge for the
 * (username, address) pair they were given to, until their `Retry-After`. A guesser repeating
 * the same pair is then answered 429 by the gateway without an RPC hop or any work in account,
 * which keeps the CPU for everyone else's logins. Account stays the judge: the gateway only
 * repeats a verdict it received, for the very pair it received it for (the same username from
 * another address still goes to account, which decides).
 *
 * The repeated refusal is answered after `auth.refusedLoginDelayMs` (a tarpit): a guesser that
 * loops on its answers, as password-guessing tools do, then sends a few requests a second per
 * connection instead of hundreds, so the refusals stop costing CPU that legitimate logins (a
 * 0.5 s scrypt hash each) need. At most 1,000 answers are held at once.
 */
@Injectable()
export class LoginRefusals {
  private readonly refused = new LRUCache<string, { until: number; error: RpcError }>({
    max: MAX_PAIRS,
  });
  private held = 0;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  /** Rejects with the remembered refusal of this pair (after the delay), if it still holds. */
  async check(username: string, clientIp: string): Promise<void> {
    const key = pairKey(username, clientIp);
    const entry = this.refused.get(key);
    if (!entry) return;
    if (entry.until <= Date.now()) {
      this.refused.delete(key);
      return;
    }
    const delayMs = this.config.auth.refusedLoginDelayMs;
    if (delayMs > 0 && this.held < MAX_HELD) {
      this.held += 1;
      try {
        await sleep(delayMs);
      } finally {
        this.held -= 1;
      }
    }
    throw RpcError.rateLimited(entry.error.message, entry.until - Date.now());
  }

  /** Remembers `error` for this pair when it is a throttling verdict (a client-scope 429). */
  remember(username: string, clientIp: string, error: unknown): void {
    if (!(error instanceof RpcError) || error.code !== RpcStatus.RESOURCE_EXHAUSTED) return;
    if (error.retry?.scope !== 'client') return;
    this.refused.set(pairKey(username, clientIp), {
      until: Date.now() + error.retry.retryAfterSec * 1000,
      error,
    });
  }
}

// Usernames are case-insensitive in account (stored lowercase).
const pairKey = (username: string, clientIp: string) => `${username.toLowerCase()}\n${clientIp}`;
