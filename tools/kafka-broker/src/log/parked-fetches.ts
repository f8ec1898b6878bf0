/** A Fetch request waiting for data. */
export interface ParkedFetch {
  clientId: string;
  /** Answers the fetch now with whatever is available. */
  wake(): void;
}

/**
 * Registry of parked (long-poll) fetches, so they can be answered early when something
 * other than new data needs the client's attention: a consumer only heartbeats between
 * fetches, so when its group starts rebalancing we answer its parked fetch at once and it
 * learns about the rebalance from the next heartbeat instead of after maxWaitTime.
 */
export class ParkedFetches {
  private readonly parked = new Set<ParkedFetch>();

  add(fetch: ParkedFetch): () => void {
    this.parked.add(fetch);
    return () => this.parked.delete(fetch);
  }

  /** Wakes parked fetches of the given client ids (kafkajs shares one id per client). */
  wakeClients(clientIds: Set<string>): void {
    for (const f of [...this.parked]) if (clientIds.has(f.clientId)) f.wake();
  }

  /** Wakes everything (shutdown). */
  wakeAll(): void {
    for (const f of [...this.parked]) f.wake();
  }
}
