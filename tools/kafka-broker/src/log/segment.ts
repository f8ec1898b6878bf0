import type { FramedFile } from '../storage/framed-file';

/** Where one stored batch lives and what the broker needs to know about it. */
export interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  /** Batch size in bytes. */
  size: number;
  /** Broker time of the append (drives time-based retention). */
  appendTime: number;
  /** The producer's max timestamp (drives ListOffsets by timestamp). */
  maxTimestamp: number;
  /** Disk mode: byte position of the batch in the segment file. */
  position: number;
  /** The batch bytes, or null when only on disk (evicted from the tail cache). */
  data: Buffer | null;
}

/**
 * A contiguous run of batches: the unit of retention. In disk mode it is backed by one
 * append-only file named after its base offset; in memory mode `file` is null.
 */
export class Segment {
  readonly entries: BatchEntry[] = [];
  /** Sum of batch sizes. */
  bytes = 0;

  constructor(
    /** Offset of the first batch this segment holds (or will hold). */
    readonly baseOffset: number,
    readonly file: FramedFile | null,
  ) {}

  /** Offset the next appended batch will get if appended here. */
  get nextOffset(): number {
    const last = this.entries[this.entries.length - 1];
    return last ? last.lastOffset + 1 : this.baseOffset;
  }

  /** Append time of the oldest batch (Infinity when empty). */
  get firstAppendTime(): number {
    return this.entries[0]?.appendTime ?? Number.POSITIVE_INFINITY;
  }

  /** Append time of the newest batch (Infinity when empty: nothing to expire). */
  get lastAppendTime(): number {
    return this.entries[this.entries.length - 1]?.appendTime ?? Number.POSITIVE_INFINITY;
  }

  /** Index of the batch containing `offset` (the caller ensures it is in this segment). */
  indexOf(offset: number): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** File name of a segment: the zero-padded base offset, so names sort like offsets. */
export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

/** Parses a segment file name back into its base offset (null for other files). */
export function parseSegmentFileName(name: string): number | null {
  const m = /^(\d{20})\.log$/.exec(name);
  return m ? Number(m[1]) : null;
}
