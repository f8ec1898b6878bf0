/** Something whose written data can be forced to stable storage. */
export interface Syncable {
  fsync(): Promise<void>;
}

/**
 * Group commit for fsync: every request that needs durability registers its file here, and
 * all files touched in the same event-loop turn are fsynced once, together. Many pipelined
 * produce requests (and offset commits) therefore share one fsync instead of paying one each.
 */
export class SyncScheduler {
  private dirty = new Set<Syncable>();
  private waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;
  private running = false;

  /** @param enabled when false, durability requests resolve at once (page cache only). */
  constructor(private readonly enabled: boolean) {}

  /** Resolves once everything written to `target` so far is on stable storage. */
  request(target: Syncable): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.dirty.add(target);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase, so every request read from the sockets in this
    // turn has already appended and joins the same fsync.
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    const targets = [...this.dirty];
    const waiters = this.waiters;
    this.dirty = new Set();
    this.waiters = [];
    try {
      await Promise.all(targets.map((t) => t.fsync()));
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    } finally {
      this.running = false;
      if (this.waiters.length > 0) this.schedule();
    }
  }

  /** Waits for every pending request (used on shutdown). */
  async drain(): Promise<void> {
    while (this.waiters.length > 0 || this.running || this.scheduled) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
