import * as fs from 'node:fs';
import { join } from 'node:path';
import type { BrokerLogger, TopicConfig } from '../options';
import { ErrorCode } from '../protocol/error-codes';
import { Batch, type BatchSlice } from '../protocol/record-batch';
import { FRAME_HEADER_BYTES, FramedFile } from '../storage/framed-file';
import type { SyncScheduler } from '../storage/sync-scheduler';
import { ProducerState, producerFields } from './producer-state';
import { type BatchEntry, Segment, parseSegmentFileName, segmentFileName } from './segment';

/** Shared services a partition log needs. */
export interface LogEnv {
  sync: SyncScheduler;
  logger: BrokerLogger;
  /** Disk mode: bytes of recent batches kept in memory per partition. */
  cacheBytes: number;
  /** Largest batch accepted (bounds frame lengths trusted on load). */
  maxBatchBytes: number;
}

/**
 * Result of an append: where the batches are (for a retried idempotent batch, where it was
 * put the first time), or the Kafka error code it was refused with (offset -1).
 */
export interface AppendResult {
  error: number;
  baseOffset: number;
  /** Resolves when the appended batches are durable according to the storage mode. */
  durable: Promise<void>;
}

/** Batches selected by {@link PartitionLog.read}: their total size now, their bytes later. */
export interface ReadResult {
  bytes: number;
  data: Promise<Buffer[]>;
}

/** Leader epoch of every partition: one broker, never re-elected. */
export const LEADER_EPOCH = 0;

/** Per-segment payload prefix on disk: the broker's append time (i64). */
const APPEND_TIME_BYTES = 8;

/**
 * One topic-partition: an ordered list of segments of opaque RecordBatch v2 bytes. Appends
 * patch only `baseOffset`; readers get whole batches. Listeners are called synchronously on
 * every append so parked long-poll fetches wake in the same tick.
 */
export class PartitionLog {
  private readonly segments: Segment[] = [];
  private readonly listeners = new Set<() => void>();
  /** Disk mode: batches whose bytes are cached, oldest first (entries may be evicted). */
  private cached: BatchEntry[] = [];
  private cachedHead = 0;
  private cachedBytes = 0;
  private totalBytes = 0;
  private closed = false;
  private readonly producers = new ProducerState();

  private constructor(
    readonly topic: string,
    readonly partition: number,
    /** Partition directory in disk mode, null in memory. */
    private readonly dir: string | null,
    private readonly env: LogEnv,
  ) {}

  /** Creates an empty partition (and its directory in disk mode). */
  static create(topic: string, partition: number, dir: string | null, env: LogEnv): PartitionLog {
    const log = new PartitionLog(topic, partition, dir, env);
    if (dir) fs.mkdirSync(dir, { recursive: true });
    log.segments.push(log.newSegment(0));
    return log;
  }

  /**
   * Loads a partition from its directory, validating every frame and the offset chain.
   * A torn tail is truncated; a break in the middle drops everything after it (as Kafka's
   * log recovery does) because later data can no longer be addressed consistently.
   */
  static load(topic: string, partition: number, dir: string, env: LogEnv): PartitionLog {
    const log = new PartitionLog(topic, partition, dir, env);
    fs.mkdirSync(dir, { recursive: true });
    const bases = fs
      .readdirSync(dir)
      .map(parseSegmentFileName)
      .filter((b): b is number => b !== null)
      .sort((a, b) => a - b);
    let expected: number | null = null;
    let broken = false;
    for (const base of bases) {
      const path = join(dir, segmentFileName(base));
      if (broken || (expected !== null && base !== expected)) {
        env.logger.warn('kafka-broker: dropping segment after a break in the log', { path });
        fs.rmSync(path, { force: true });
        broken = true;
        continue;
      }
      const loaded = FramedFile.load(path, env.logger, env.maxBatchBytes + APPEND_TIME_BYTES);
      const segment = new Segment(base, loaded.file);
      let next: number = base;
      for (const frame of loaded.frames) {
        const batch = frame.payload.subarray(APPEND_TIME_BYTES);
        const valid =
          batch.length >= Batch.HEADER_BYTES &&
          batch.readInt32BE(Batch.LENGTH) + Batch.LOG_OVERHEAD === batch.length &&
          Number(batch.readBigInt64BE(Batch.BASE_OFFSET)) === next;
        if (!valid) {
          env.logger.warn('kafka-broker: truncating segment at an inconsistent batch', {
            path,
            position: frame.position,
          });
          loaded.file.truncate(frame.position - FRAME_HEADER_BYTES);
          broken = true;
          break;
        }
        const entry: BatchEntry = {
          baseOffset: next,
          lastOffset: next + batch.readInt32BE(Batch.LAST_OFFSET_DELTA),
          size: batch.length,
          appendTime: Number(frame.payload.readBigInt64BE(0)),
          maxTimestamp: Number(batch.readBigInt64BE(Batch.MAX_TIMESTAMP)),
          position: frame.position + APPEND_TIME_BYTES,
          data: batch,
        };
        segment.entries.push(entry);
        segment.bytes += entry.size;
        log.producers.record(producerFields(batch), entry.baseOffset);
        next = entry.lastOffset + 1;
      }
      log.segments.push(segment);
      log.totalBytes += segment.bytes;
      expected = next;
    }
    if (log.segments.length === 0) log.segments.push(log.newSegment(0));
    for (const s of log.segments.slice(0, -1)) s.file?.seal();
    log.rebuildCache();
    return log;
  }

  private newSegment(baseOffset: number): Segment {
    const file = this.dir ? FramedFile.create(join(this.dir, segmentFileName(baseOffset))) : null;
    return new Segment(baseOffset, file);
  }

  /** Keeps only the newest `cacheBytes` of batch data in memory (disk mode), copying them out
   *  of the file-sized load buffers so those can be garbage collected. */
  private rebuildCache(): void {
    let budget = this.env.cacheBytes;
    const keep: BatchEntry[] = [];
    for (let s = this.segments.length - 1; s >= 0; s--) {
      const entries = this.segments[s].entries;
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i];
        if (e.data && budget >= e.size) {
          e.data = Buffer.from(e.data);
          budget -= e.size;
          keep.push(e);
        } else {
          e.data = null;
        }
      }
    }
    this.cached = keep.reverse();
    this.cachedHead = 0;
    this.cachedBytes = this.env.cacheBytes - budget;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  /** First offset still in the log. */
  get logStartOffset(): number {
    for (const s of this.segments) if (s.entries.length > 0) return s.entries[0].baseOffset;
    return this.logEndOffset;
  }

  /** Offset the next record will get; also the high watermark (single replica). */
  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  /** Bytes of batches held. */
  get sizeBytes(): number {
    return this.totalBytes;
  }

  /**
   * Appends validated batches, assigning consecutive offsets. Runs synchronously up to the
   * durability wait, so appends from pipelined requests keep their request order.
   *
   * Batches of idempotent producers are checked against the producer's epoch and sequence
   * first: a retry of one of its recent batches is not appended again but answered with
   * the offset it got the first time; a gap or a fenced epoch is refused. Clients send one
   * batch per partition per request, so a record set holding several batches of which any
   * is idempotent is refused too (checking such batches against each other is not worth it).
   */
  append(batches: BatchSlice[], config: TopicConfig, now = Date.now()): AppendResult {
    if (this.closed) throw new Error(`partition ${this.topic}-${this.partition} is closed`);
    const fields = batches.map((b) => producerFields(b.data));
    if (fields.some((f) => f.producerId !== -1)) {
      const refuse = (error: number): AppendResult => ({
        error,
        baseOffset: -1,
        durable: Promise.resolve(),
      });
      if (batches.length > 1) return refuse(ErrorCode.INVALID_RECORD);
      const check = this.producers.check(fields[0]);
      if (check.kind === 'error') return refuse(check.code);
      if (check.kind === 'duplicate') {
        const file = this.active.file;
        return {
          error: ErrorCode.NONE,
          baseOffset: check.baseOffset,
          durable: file ? this.env.sync.request(file) : Promise.resolve(),
        };
      }
    }
    const baseOffset = this.logEndOffset;
    const touched = new Set<FramedFile>();
    for (const [i, slice] of batches.entries()) {
      if (this.active.bytes >= config.segmentBytes && this.active.entries.length > 0) this.roll();
      const segment = this.active;
      const offset = segment.nextOffset;
      // Copy out of the request frame: we patch the offset and must not pin the whole frame.
      const data = Buffer.allocUnsafe(slice.data.length);
      slice.data.copy(data);
      data.writeBigInt64BE(BigInt(offset), Batch.BASE_OFFSET);
      // Like Kafka's leader, stamp the leader epoch (always 0: one broker, never re-elected).
      data.writeInt32BE(LEADER_EPOCH, Batch.PARTITION_LEADER_EPOCH);
      let position = 0;
      if (segment.file) {
        const time = Buffer.allocUnsafe(APPEND_TIME_BYTES);
        time.writeBigInt64BE(BigInt(now));
        position = segment.file.append([time, data]) + APPEND_TIME_BYTES;
        touched.add(segment.file);
      }
      const entry: BatchEntry = {
        baseOffset: offset,
        lastOffset: offset + slice.lastOffsetDelta,
        size: data.length,
        appendTime: now,
        maxTimestamp: slice.maxTimestamp,
        position,
        data,
      };
      segment.entries.push(entry);
      segment.bytes += entry.size;
      this.totalBytes += entry.size;
      this.producers.record(fields[i], offset);
      if (segment.file) this.cacheEntry(entry);
    }
    const durable =
      touched.size === 0
        ? Promise.resolve()
        : Promise.all([...touched].map((f) => this.env.sync.request(f))).then(() => undefined);
    for (const listener of [...this.listeners]) listener();
    return { error: ErrorCode.NONE, baseOffset, durable };
  }

  private cacheEntry(entry: BatchEntry): void {
    this.cached.push(entry);
    this.cachedBytes += entry.size;
    while (this.cachedBytes > this.env.cacheBytes && this.cachedHead < this.cached.length - 1) {
      const old = this.cached[this.cachedHead++];
      if (old.data) {
        old.data = null;
        this.cachedBytes -= old.size;
      }
    }
    if (this.cachedHead > 1024 && this.cachedHead * 2 > this.cached.length) {
      this.cached = this.cached.slice(this.cachedHead);
      this.cachedHead = 0;
    }
  }

  private roll(): void {
    this.active.file?.seal();
    this.segments.push(this.newSegment(this.logEndOffset));
  }

  /** Calls `listener` after every append until the returned function is called. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private locate(offset: number): { seg: number; idx: number } | null {
    if (offset < this.logStartOffset || offset >= this.logEndOffset) return null;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid].baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    for (let s = lo; s < this.segments.length; s++) {
      const seg = this.segments[s];
      if (seg.entries.length > 0 && seg.nextOffset > offset)
        return { seg: s, idx: seg.indexOf(offset) };
    }
    return null;
  }

  /** Bytes readable from `offset`, counting only until `atLeast` is reached (cheap check). */
  availableBytes(offset: number, atLeast: number): number {
    const at = this.locate(offset);
    if (!at) return 0;
    let bytes = 0;
    for (let s = at.seg; s < this.segments.length; s++) {
      const entries = this.segments[s].entries;
      for (let i = s === at.seg ? at.idx : 0; i < entries.length; i++) {
        bytes += entries[i].size;
        if (bytes >= atLeast) return bytes;
      }
    }
    return bytes;
  }

  /**
   * Whole batches starting with the one that contains `offset`, up to `maxBytes`. When
   * `allowOversize` is set the first batch is returned even if larger than `maxBytes`, so a
   * consumer can always make progress (KIP-74).
   */
  read(offset: number, maxBytes: number, allowOversize: boolean): ReadResult {
    const at = this.locate(offset);
    if (!at) return { bytes: 0, data: Promise.resolve([]) };
    const picked: Array<{ entry: BatchEntry; segment: Segment }> = [];
    let bytes = 0;
    outer: for (let s = at.seg; s < this.segments.length; s++) {
      const segment = this.segments[s];
      for (let i = s === at.seg ? at.idx : 0; i < segment.entries.length; i++) {
        const entry = segment.entries[i];
        if (bytes + entry.size > maxBytes && !(picked.length === 0 && allowOversize)) break outer;
        picked.push({ entry, segment });
        bytes += entry.size;
      }
    }
    // Cached bytes are taken now, synchronously, so a concurrent eviction cannot race us.
    const parts = picked.map(({ entry, segment }): Promise<Buffer> => {
      if (entry.data) return Promise.resolve(entry.data);
      if (!segment.file) return Promise.reject(new Error('batch without data or file'));
      return segment.file.read(entry.position, entry.size);
    });
    return { bytes, data: Promise.all(parts) };
  }

  /** ListOffsets by timestamp: first offset whose batch max timestamp is >= `timestamp`. */
  offsetForTimestamp(timestamp: number): number {
    for (const s of this.segments) {
      for (const e of s.entries) if (e.maxTimestamp >= timestamp) return e.baseOffset;
    }
    return this.logEndOffset;
  }

  /**
   * Applies retention: rolls the active segment once it is old (so age-based deletion can
   * reach it), then deletes whole closed segments, oldest first, while they are older than
   * `retentionMs` or the partition is larger than `retentionBytes`. The active segment is
   * never deleted, which keeps the log end offset anchored across restarts.
   */
  applyRetention(config: TopicConfig, now = Date.now()): number {
    const rollAfter =
      config.retentionMs >= 0 ? Math.min(config.segmentMs, config.retentionMs) : config.segmentMs;
    if (this.active.entries.length > 0 && now - this.active.firstAppendTime >= rollAfter) {
      this.roll();
    }
    let deleted = 0;
    while (this.segments.length > 1) {
      const first = this.segments[0];
      const expired = config.retentionMs >= 0 && now - first.lastAppendTime > config.retentionMs;
      const oversize =
        config.retentionBytes >= 0 && this.totalBytes - first.bytes >= config.retentionBytes;
      const empty = first.entries.length === 0;
      if (!expired && !oversize && !empty) break;
      this.segments.shift();
      this.totalBytes -= first.bytes;
      for (const e of first.entries) {
        if (e.data && first.file) this.cachedBytes -= e.size;
        e.data = null;
      }
      first.file?.retire();
      deleted++;
    }
    if (deleted > 0) {
      this.env.logger.info('kafka-broker: retention deleted segments', {
        topic: this.topic,
        partition: this.partition,
        segments: deleted,
        logStartOffset: this.logStartOffset,
      });
    }
    return deleted;
  }

  /** Closes files and wakes listeners (parked fetches re-check and see the log is gone). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segments) s.file?.close();
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }

  /** Whether {@link close} was called (e.g. the topic was deleted). */
  get isClosed(): boolean {
    return this.closed;
  }
}
