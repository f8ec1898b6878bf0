import { RpcError } from '@newsreel/shared-contracts';
import type { RateLimiter } from '@newsreel/shared-limits';
import type { Logger } from '@newsreel/shared-logging';
import { refuseWhenStoreDown } from './account-limiters';
import type { AccountLimitsMetrics } from './account-limits.metrics';

/** Key of attempts that came with no client address (an internal caller): one shared bucket. */
export const UNKNOWN_CLIENT = 'unknown';
/** `Retry-After` of a login refused because another one for the username is running. */
const IN_PROGRESS_RETRY_MS = 1000;

/** An admitted login attempt: tell the throttle how it ended. */
export interface LoginAttempt {
  /** The password was right: the username's failures are forgotten, the address's refunded. */
  succeeded(): Promise<void>;
  /** No password check happened (e.g. no hashing slot): the attempt is given back. */
  abandoned(): Promise<void>;
  /** The password was wrong: the attempt stays counted. */
  failed(): void;
}

/**
 * Password-guessing defence of the account service: failures are counted per username (over all
 * addresses) and per client address (over all usernames). An attempt is counted *before* its
 * password is hashed, so concurrent guesses cannot slip past the count; a success clears the
 * username's count and refunds the address's point, so only failures stay counted. Over either
 * rule the attempt is refused with `RESOURCE_EXHAUSTED` (429 with `Retry-After` at the gateway)
 * without computing a hash, whether or not the username exists.
 *
 * One login per username runs at a time in this instance: a concurrent one is refused at once
 * (429, `Retry-After: 1`). People do not log in as themselves from several places in the same
 * second, and a guesser firing many at once would otherwise fill every hashing slot with guesses
 * at one name, delaying everyone else's logins.
 *
 * Trade-off: a per-username limit lets anyone hold a known username's logins at 429 for a window
 * by guessing wrong on purpose; that is the price of stopping a guesser who rotates addresses.
 * The window is short (5 min by default) and the rule is a hot setting.
 */
export class LoginThrottle {
  /** Usernames with a login running in this instance. */
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly byUsername: RateLimiter,
    private readonly byIp: RateLimiter,
    private readonly metrics: AccountLimitsMetrics,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  /**
   * Counts an attempt; throws when the username or the address is over its rule, or when a login
   * for the username is already running here. The attempt must be ended with one of its methods.
   */
  async admit(username: string, clientIp: string | undefined): Promise<LoginAttempt> {
    if (this.inProgress.has(username)) {
      this.metrics.attemptThrottled('login_concurrent');
      throw RpcError.rateLimited(
        'A login for this username is already in progress',
        IN_PROGRESS_RETRY_MS,
      );
    }
    this.inProgress.add(username);
    try {
      return this.attempt(username, await this.count(username, clientIp ?? UNKNOWN_CLIENT));
    } catch (error) {
      this.inProgress.delete(username);
      throw error;
    }
  }

  /** Counts the attempt against both rules; throws when either refuses. Returns the address key. */
  private async count(username: string, ip: string): Promise<string> {
    const [user, address] = await this.guard(() =>
      Promise.all([this.byUsername.consume(username), this.byIp.consume(ip)]),
    );
    if (!user.allowed || !address.allowed) {
      // Give back the point of the limit that did admit: this attempt never ran.
      if (user.allowed) await this.guard(() => this.byUsername.refund(username));
      if (address.allowed) await this.guard(() => this.byIp.refund(ip));
      this.metrics.attemptThrottled(user.allowed ? 'login_ip' : 'login_username');
      const resetMs = Math.max(
        user.allowed ? 0 : user.resetMs,
        address.allowed ? 0 : address.resetMs,
      );
      this.logger.warn(
        {
          limit: user.allowed ? 'per address' : 'per username',
          clientIp: ip,
          retryAfterMs: resetMs,
        },
        'login throttled after repeated failures',
      );
      throw RpcError.rateLimited('Too many failed logins; try again later', resetMs);
    }
    return ip;
  }

  private attempt(username: string, ip: string): LoginAttempt {
    const end = () => this.inProgress.delete(username);
    return {
      succeeded: () =>
        this.guard(() => Promise.all([this.byUsername.reset(username), this.byIp.refund(ip)]))
          .then(() => undefined)
          .finally(end),
      abandoned: () =>
        this.guard(() => Promise.all([this.byUsername.refund(username), this.byIp.refund(ip)]))
          .then(() => undefined)
          .finally(end),
      failed: () => {
        end();
      },
    };
  }

  /**
   * Forgets the failures counted for `username`: a new account of that name (the failures were
   * guesses at a name nobody had) starts clean.
   */
  async forgetUsername(username: string): Promise<void> {
    await this.guard(() => this.byUsername.reset(username));
  }

  // A throttle whose store is down refuses logins rather than let guesses through uncounted.
  private guard<T>(work: () => Promise<T>): Promise<T> {
    return refuseWhenStoreDown(work, 'Login', this.logger);
  }
}
