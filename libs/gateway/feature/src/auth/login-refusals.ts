import { Injectable } from '@nestjs/common';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LRUCache } from 'lru-cache';

/** Pairs remembered at most (least recently used go first). */
const MAX_PAIRS = 10_000;

/**
 * The account service's "too many failed logins" verdicts, remembered at the edge for the
 * (username, address) pair they were given to, until their `Retry-After`. A guesser repeating
 * the same pair is then answered 429 by the gateway without an RPC hop or any work in account,
 * which keeps the CPU for everyone else's logins. Account stays the judge: the gateway only
 * repeats a verdict it received, for the very pair it received it for (the same username from
 * another address still goes to account, which decides).
 */
@Injectable()
export class LoginRefusals {
  private readonly refused = new LRUCache<string, { until: number; error: RpcError }>({
    max: MAX_PAIRS,
  });

  /** Throws the remembered refusal of this pair, with the time left, if it still holds. */
  check(username: string, clientIp: string): void {
    const key = pairKey(username, clientIp);
    const entry = this.refused.get(key);
    if (!entry) return;
    const left = entry.until - Date.now();
    if (left <= 0) {
      this.refused.delete(key);
      return;
    }
    throw RpcError.rateLimited(entry.error.message, left);
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
