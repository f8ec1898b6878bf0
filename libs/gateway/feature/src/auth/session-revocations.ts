import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountSessionRevoked } from '@newsreel/account-contracts';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { EventStream } from '@newsreel/shared-messaging';

/**
 * Sessions that ended before their access tokens expire (logout, refresh-token reuse), learned
 * from `account.session-revoked.v1`: the auth guard refuses a token whose `sid` is here. An
 * entry is kept as long as a token of that session could still be valid (access-token lifetime
 * plus clock skew), then dropped.
 *
 * Every gateway instance reads the topic in a consumer group of its own, from the beginning at
 * each start (the set lives in memory, and a token issued up to 15 minutes ago may still be in
 * use). Revocations are rare, so that replay stays small; a deployment with very many would
 * keep the set in Redis instead. Not ready until subscribed.
 */
@Injectable()
export class SessionRevocations implements OnApplicationBootstrap {
  private readonly revoked = new Map<string, number>();
  private readonly listeners = new Set<(sessionId: string) => void>();
  private lastPrune = Date.now();

  constructor(
    private readonly stream: EventStream,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  // The stream is stopped by EventStream itself at shutdown.
  async onApplicationBootstrap(): Promise<void> {
    await this.stream.subscribe({
      event: AccountSessionRevoked,
      // A new group at each start, so the whole topic is read again (see above).
      groupId: `gateway-sessions-${this.config.instanceId ?? 'gateway'}-${Date.now()}`,
      fromBeginning: true,
      readiness: 'session-revocations',
      handler: (event) => {
        this.revoke(event.sessionId, Date.parse(event.revokedAt));
        return Promise.resolve();
      },
    });
  }

  /** Records that `sessionId` ended at `revokedAtMs`, and tells the listeners. */
  revoke(sessionId: string, revokedAtMs: number): void {
    const { accessTokenTtlSec, clockSkewSec } = this.config.auth;
    const until = revokedAtMs + (accessTokenTtlSec + clockSkewSec) * 1000;
    if (until <= Date.now()) return;
    this.revoked.set(sessionId, until);
    for (const listener of this.listeners) listener(sessionId);
    this.prune();
  }

  /** Calls `listener` with each session revoked from now on (open streams end with it). */
  onRevoked(listener: (sessionId: string) => void): void {
    this.listeners.add(listener);
  }

  /** True when a token of `sessionId` must be refused. */
  isRevoked(sessionId: string | undefined): boolean {
    if (sessionId === undefined) return false;
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > Date.now();
  }

  private prune(): void {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [sessionId, until] of this.revoked) if (until <= now) this.revoked.delete(sessionId);
  }
}
