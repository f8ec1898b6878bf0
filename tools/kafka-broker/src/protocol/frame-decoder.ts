/** A frame-level error: the stream cannot be resynchronised, so the connection must close. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** Smallest request: i16 key, i16 version, i32 correlation id, i16 client id length. */
export const MIN_REQUEST_BYTES = 10;

/**
 * Splits a TCP byte stream into size-prefixed Kafka request frames. The declared size is
 * checked before anything is allocated for it, and bytes are only ever held as received
 * chunks, so a client declaring a 2 GiB frame costs nothing but the connection.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet returned as frames. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Feeds received bytes; returns the frames (without size prefix) completed by them. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const size = this.take(4).readInt32BE(0);
        if (size < MIN_REQUEST_BYTES) throw new FrameError(`invalid frame size ${size}`);
        if (size > this.maxFrameBytes) {
          throw new FrameError(`frame of ${size} bytes exceeds the limit of ${this.maxFrameBytes}`);
        }
        this.expected = size;
      }
      if (this.buffered < this.expected) break;
      frames.push(this.take(this.expected));
      this.expected = -1;
    }
    return frames;
  }

  /** Removes `n` buffered bytes (n <= buffered); zero-copy when they sit in one chunk. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const use = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, use);
      filled += use;
      if (use === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(use);
    }
    return out;
  }
}
