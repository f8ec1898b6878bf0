/** Payloads at least this large are referenced, not copied, into the response. */
const ZERO_COPY_THRESHOLD = 4096;

/**
 * Growable big-endian writer that produces a list of buffers. Large payloads (record
 * batches in Fetch responses) are appended by reference so a fetch response is never
 * copied: the socket writes the chunks as they are.
 *
 * A writer for a *flexible* API version writes strings, bytes and arrays in their compact
 * form and {@link tags} writes an empty tagged-field section; for older versions `tags()`
 * writes nothing. Arrays of structures go through {@link structs}, which ends each element
 * with its section (see {@link Reader}).
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  private flushed = 0;

  constructor(
    initialSize = 256,
    readonly flexible = false,
  ) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.flushed + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  int64(v: number | bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  /** Unsigned LEB128 varint (compact lengths, tag counts). */
  uvarint(v: number): this {
    let rest = v;
    this.ensure(5);
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buf[this.pos++] = rest;
    return this;
  }

  /** Length of a nullable string/bytes/array (-1 = null) in the version's encoding. */
  private lengthPrefix(n: number, fixed: (n: number) => this): this {
    return this.flexible ? this.uvarint(n + 1) : fixed(n);
  }

  /** An empty tagged-field section (flexible versions only). */
  tags(): this {
    return this.flexible ? this.uvarint(0) : this;
  }

  nullableString(s: string | null): this {
    if (s === null) return this.lengthPrefix(-1, (n) => this.int16(n));
    const len = Buffer.byteLength(s, 'utf8');
    this.lengthPrefix(len, (n) => this.int16(n));
    this.ensure(len);
    this.buf.write(s, this.pos, 'utf8');
    this.pos += len;
    return this;
  }

  string(s: string): this {
    return this.nullableString(s);
  }

  nullableBytes(b: Buffer | null): this {
    if (b === null) return this.lengthPrefix(-1, (n) => this.int32(n));
    this.lengthPrefix(b.length, (n) => this.int32(n));
    return this.raw(b);
  }

  /** The length prefix of a bytes field whose content the caller appends with {@link raw}. */
  bytesLength(n: number): this {
    return this.lengthPrefix(n, (n) => this.int32(n));
  }

  bytes(b: Buffer): this {
    return this.nullableBytes(b);
  }

  array<T>(items: readonly T[], item: (w: Writer, value: T) => void): this {
    this.lengthPrefix(items.length, (n) => this.int32(n));
    for (const value of items) item(this, value);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, item: (w: Writer, value: T) => void): this {
    return items === null ? this.lengthPrefix(-1, (n) => this.int32(n)) : this.array(items, item);
  }

  /**
   * An array of structures: `item` writes one element's fields, and the element's (empty)
   * tagged-field section follows it in flexible versions.
   */
  structs<T>(items: readonly T[], item: (w: Writer, value: T) => void): this {
    return this.array(items, (w, value) => {
      item(w, value);
      w.tags();
    });
  }

  /** {@link structs}, or null. */
  nullableStructs<T>(items: readonly T[] | null, item: (w: Writer, value: T) => void): this {
    return items === null ? this.lengthPrefix(-1, (n) => this.int32(n)) : this.structs(items, item);
  }

  /** Appends bytes as they are; big buffers by reference (they must not change afterwards). */
  raw(b: Buffer): this {
    if (b.length >= ZERO_COPY_THRESHOLD) {
      this.flush();
      this.chunks.push(b);
      this.flushed += b.length;
      return this;
    }
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.flushed += this.pos;
    this.buf = Buffer.allocUnsafe(Math.max(256, this.buf.length - this.pos));
    this.pos = 0;
  }

  /** The written bytes as a list of chunks, ready for `socket.write` each. */
  toChunks(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}

/**
 * Frames a response: `i32 size, i32 correlation id` (response header v0), plus an empty
 * tagged-field section for header v1 (flexible versions except ApiVersions), then the body.
 */
export function frameResponse(correlationId: number, body: Writer, headerV1 = false): Buffer[] {
  const chunks = body.toChunks();
  const headerBytes = headerV1 ? 9 : 8;
  const header = Buffer.allocUnsafe(headerBytes);
  header.writeInt32BE(body.length + headerBytes - 4, 0);
  header.writeInt32BE(correlationId, 4);
  if (headerV1) header.writeUInt8(0, 8);
  return [header, ...chunks];
}
