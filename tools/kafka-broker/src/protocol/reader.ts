/**
 * Thrown when a request body does not match the schema of its API version (truncated,
 * negative lengths, counts larger than the frame). The connection that sent it is closed:
 * once a frame is misparsed there is no way to trust the rest of that stream.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/**
 * Bounds-checked big-endian reader over one request frame. Every read checks the frame end
 * first, so a malicious length can never make us read past the frame or allocate for it.
 *
 * A reader for a *flexible* API version (KIP-482) reads strings, bytes and arrays in their
 * compact form (unsigned-varint length + 1, 0 = null) and {@link tags} reads a tagged-field
 * section; for older versions `tags()` reads nothing. Handlers therefore read one layout:
 * arrays of structures through {@link structs}, which skips each element's tags, and `tags()`
 * once at the end of the message.
 */
export class Reader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    readonly flexible = false,
  ) {
    this.pos = start;
  }

  /** Current read position inside the frame. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left in the frame. */
  remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtocolError(
        `truncated request: needs ${n} bytes at offset ${this.pos}, frame has ${this.buf.length}`,
      );
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Offsets and timestamps fit in a double's 53-bit integer range for any realistic log. */
  int64(): number {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  /** Unsigned LEB128 varint of at most 32 bits (compact lengths, tag numbers). */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buf[this.pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new ProtocolError(`invalid unsigned varint at offset ${this.pos}`);
  }

  /** Length of a nullable string/bytes/array: -1 for null. */
  private lengthPrefix(fixed: () => number): number {
    return this.flexible ? this.uvarint() - 1 : fixed();
  }

  /**
   * Skips a tagged-field section (flexible versions only). No request field this broker
   * reads is tagged, so every tag is skipped after its size is checked.
   */
  tags(): void {
    if (!this.flexible) return;
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.need(size);
      this.pos += size;
    }
  }

  nullableString(): string | null {
    const len = this.lengthPrefix(() => this.int16());
    if (len === -1) return null;
    if (len < -1) throw new ProtocolError(`invalid string length ${len}`);
    this.need(len);
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('null where a non-nullable string is required');
    return s;
  }

  /** Returns a view into the frame (no copy); callers copy if they keep it beyond the request. */
  nullableBytes(): Buffer | null {
    const len = this.lengthPrefix(() => this.int32());
    if (len === -1) return null;
    if (len < -1) throw new ProtocolError(`invalid bytes length ${len}`);
    this.need(len);
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const len = this.lengthPrefix(() => this.int32());
    if (len === -1) return null;
    // Every element of every schema we parse takes at least one byte, so a count larger than
    // the rest of the frame is a lie: reject it before looping (or allocating) for it.
    if (len < -1 || len > this.remaining()) {
      throw new ProtocolError(`invalid array length ${len} with ${this.remaining()} bytes left`);
    }
    const out: T[] = [];
    for (let i = 0; i < len; i++) out.push(item(this));
    return out;
  }

  /** kafkajs encodes empty arrays as null, so a null array reads as empty. */
  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }

  /**
   * An array of structures, or null: `item` reads one element's fields, and the element's
   * tagged-field section is skipped after it in flexible versions.
   */
  nullableStructs<T>(item: (r: Reader) => T): T[] | null {
    return this.nullableArray((r) => {
      const value = item(r);
      r.tags();
      return value;
    });
  }

  /** {@link nullableStructs}, with null read as empty (as {@link array}). */
  structs<T>(item: (r: Reader) => T): T[] {
    return this.nullableStructs(item) ?? [];
  }
}
