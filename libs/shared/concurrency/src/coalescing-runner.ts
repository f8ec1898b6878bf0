/**
 * Runs one pass at a time and loses no request: {@link run} while a pass is running asks for
 * exactly one more pass after it (however many calls arrive meanwhile), so a change signalled
 * mid-pass is always seen, and a burst of signals costs one extra pass, not one each.
 *
 * Used for "re-read and apply" loops (the live configuration, the registry poll): a notification
 * may arrive while the previous read is still on the wire.
 */
export class CoalescingRunner {
  private running?: Promise<void>;
  private again = false;

  /** `pass` does one complete read-and-apply; it should return early once its owner is closed. */
  constructor(private readonly pass: () => Promise<void>) {}

  /** Whether a pass is running now. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Starts a pass, or asks the running one for another after it. Settles when no pass is left
   * to run; rejects with the error of a failed pass (the passes asked for after it are dropped).
   */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        // In the same step as the last check of `again`: a call in between would be lost.
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Settles when the running passes (if any) are done, whatever their outcome. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
