import * as fs from 'node:fs';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { BrokerLogger } from '../options';
import { fsyncDir } from './fs-utils';
import type { Syncable } from './sync-scheduler';

const fdatasync = promisify(fs.fdatasync);
const read = promisify(fs.read);

/** `u32 payload length, u32 CRC-32 of the payload` precede every payload. */
export const FRAME_HEADER_BYTES = 8;

/** A payload recovered from a file on load. */
export interface LoadedFrame {
  /** Byte position of the payload (after the frame header) in the file. */
  position: number;
  payload: Buffer;
}

/** Result of opening an existing framed file. */
export interface LoadedFile {
  file: FramedFile;
  frames: LoadedFrame[];
  /** Bytes cut off the end because they did not form a complete, valid frame. */
  truncatedBytes: number;
}

/**
 * Append-only file of length + checksum framed payloads: the storage unit of log segments and
 * of the committed-offsets journal. A torn tail (a crash in the middle of a write, or garbage
 * after the last good frame) fails the length or CRC check on load and is truncated away, so
 * it is never served. Writes go through one positionless fd opened for append.
 */
export class FramedFile implements Syncable {
  private closed = false;
  private readers = 0;
  private retired = false;
  private sealed = false;

  private constructor(
    /** Path of the file. */
    readonly path: string,
    private readonly fd: number,
    /** Current size in bytes. */
    public size: number,
  ) {}

  /** Creates a new empty file (and makes its directory entry durable). */
  static create(path: string): FramedFile {
    const fd = fs.openSync(path, 'a+');
    fsyncDir(dirnameOf(path));
    return new FramedFile(path, fd, fs.fstatSync(fd).size);
  }

  /**
   * Opens an existing file, validating every frame. Scanning stops at the first frame whose
   * length is impossible or whose checksum does not match; everything from there on is cut.
   * `maxPayload` bounds what a length field may claim so garbage cannot look like a frame.
   */
  static load(path: string, logger: BrokerLogger, maxPayload: number): LoadedFile {
    const data = fs.readFileSync(path);
    const frames: LoadedFrame[] = [];
    let pos = 0;
    while (data.length - pos >= FRAME_HEADER_BYTES) {
      const len = data.readUInt32BE(pos);
      if (len > maxPayload || pos + FRAME_HEADER_BYTES + len > data.length) break;
      const payload = data.subarray(pos + FRAME_HEADER_BYTES, pos + FRAME_HEADER_BYTES + len);
      if (zlib.crc32(payload) !== data.readUInt32BE(pos + 4)) break;
      frames.push({ position: pos + FRAME_HEADER_BYTES, payload });
      pos += FRAME_HEADER_BYTES + len;
    }
    const truncatedBytes = data.length - pos;
    if (truncatedBytes > 0) {
      logger.warn('kafka-broker: truncating torn or corrupt tail', {
        file: path,
        validBytes: pos,
        droppedBytes: truncatedBytes,
      });
      fs.truncateSync(path, pos);
    }
    const fd = fs.openSync(path, 'a+');
    return { file: new FramedFile(path, fd, pos), frames, truncatedBytes };
  }

  /**
   * Appends one frame whose payload is the concatenation of `parts`; returns the payload's
   * position. The write is synchronous on purpose: it only copies into the page cache (which
   * survives a process crash), keeps appends strictly ordered, and the expensive part
   * (fsync) is batched separately by the SyncScheduler.
   */
  append(parts: Buffer[]): number {
    if (this.closed) throw new Error(`append to closed file ${this.path}`);
    let len = 0;
    let crc = 0;
    for (const p of parts) {
      len += p.length;
      crc = zlib.crc32(p, crc);
    }
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    header.writeUInt32BE(len, 0);
    header.writeUInt32BE(crc, 4);
    const all = [header, ...parts];
    let written = 0;
    const total = FRAME_HEADER_BYTES + len;
    // writev may write partially; finish the frame so no torn frame is left by a short write.
    while (written < total) {
      written += fs.writevSync(this.fd, sliceFrom(all, written));
    }
    const position = this.size + FRAME_HEADER_BYTES;
    this.size += total;
    return position;
  }

  /** Cuts the file back to `size` bytes (used when a later consistency check fails). */
  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
    this.size = size;
  }

  /**
   * Makes the file read-only: fsyncs what is pending and releases the descriptor. Sealed
   * (closed, non-active) segments open the file per read instead, so a long log with many
   * segments does not hold one descriptor per segment.
   */
  seal(): void {
    if (this.closed || this.sealed) return;
    fs.fdatasyncSync(this.fd);
    this.sealed = true;
    if (this.readers === 0) this.close();
  }

  /** Reads `length` bytes at `position`. */
  async read(position: number, length: number): Promise<Buffer> {
    if (this.sealed || this.closed) return this.readDetached(position, length);
    this.readers++;
    try {
      return await readFully(this.fd, position, length, this.path);
    } finally {
      this.readers--;
      if ((this.retired || this.sealed) && this.readers === 0) this.close();
    }
  }

  private async readDetached(position: number, length: number): Promise<Buffer> {
    const handle = await fs.promises.open(this.path, 'r');
    try {
      return await readFully(handle.fd, position, length, this.path);
    } finally {
      await handle.close();
    }
  }

  /** Forces written data to stable storage. */
  async fsync(): Promise<void> {
    if (this.closed) return;
    this.readers++;
    try {
      await fdatasync(this.fd);
    } finally {
      this.readers--;
      if ((this.retired || this.sealed) && this.readers === 0) this.close();
    }
  }

  /** Closes the descriptor (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  /**
   * Deletes the file. The name goes at once; the descriptor stays open until in-flight reads
   * finish, so a fetch racing with retention still completes.
   */
  retire(): void {
    if (this.retired) return;
    try {
      fs.unlinkSync(this.path);
    } catch {
      // Already gone (e.g. the whole topic directory was removed).
    }
    this.retireWithoutUnlink();
  }

  /** Closes the descriptor once in-flight reads/fsyncs finish (the file was replaced). */
  retireWithoutUnlink(): void {
    this.retired = true;
    if (this.readers === 0) this.close();
  }
}

async function readFully(
  fd: number,
  position: number,
  length: number,
  path: string,
): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await read(fd, buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of ${path}`);
    done += bytesRead;
  }
  return buf;
}

function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '.';
}

function sliceFrom(parts: Buffer[], skip: number): Buffer[] {
  if (skip === 0) return parts;
  const out: Buffer[] = [];
  for (const p of parts) {
    if (skip >= p.length) {
      skip -= p.length;
      continue;
    }
    out.push(skip > 0 ? p.subarray(skip) : p);
    skip = 0;
  }
  return out;
}
