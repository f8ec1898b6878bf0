import * as fs from 'node:fs';
import { join } from 'node:path';
import type { BrokerLogger } from '../options';
import { fsyncDir } from '../storage/fs-utils';
import { FramedFile } from '../storage/framed-file';
import type { SyncScheduler } from '../storage/sync-scheduler';

/** A committed offset of one partition. */
export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

/** One entry of a commit. */
export interface OffsetCommitEntry extends CommittedOffset {
  topic: string;
  partition: number;
}

/** Journal records: a commit, a group deletion, a topic deletion. */
type JournalRecord =
  | { op: 'commit'; group: string; entries: Array<[string, number, number, string | null]> }
  | { op: 'deleteGroup'; group: string }
  | { op: 'deleteTopic'; topic: string };

const FILE = 'offsets.log';
/** Journal records are small; anything claiming more is garbage. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const key = (topic: string, partition: number): string => `${partition}:${topic}`;

/**
 * Committed consumer-group offsets. In disk mode every commit is one framed record appended
 * to `offsets.log` (checksummed, so a torn tail is dropped on load) and acknowledged after
 * fsync. The journal is compacted into a snapshot when it grows well past the live state.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, OffsetCommitEntry>>();
  private file: FramedFile | null = null;
  private records = 0;

  constructor(
    private readonly dataDir: string | null,
    private readonly sync: SyncScheduler,
    private readonly logger: BrokerLogger,
  ) {}

  /** Replays the journal (disk mode). */
  load(): void {
    if (!this.dataDir) return;
    fs.mkdirSync(this.dataDir, { recursive: true });
    const path = join(this.dataDir, FILE);
    if (!fs.existsSync(path)) {
      this.file = FramedFile.create(path);
      return;
    }
    const loaded = FramedFile.load(path, this.logger, MAX_RECORD_BYTES);
    for (const frame of loaded.frames) {
      try {
        this.apply(JSON.parse(frame.payload.toString('utf8')) as JournalRecord);
      } catch (err) {
        this.logger.warn('kafka-broker: skipping unreadable offset record', { error: String(err) });
      }
    }
    this.records = loaded.frames.length;
    this.file = loaded.file;
  }

  private apply(rec: JournalRecord): void {
    switch (rec.op) {
      case 'commit': {
        let g = this.groups.get(rec.group);
        if (!g) this.groups.set(rec.group, (g = new Map<string, OffsetCommitEntry>()));
        for (const [topic, partition, offset, metadata] of rec.entries) {
          g.set(key(topic, partition), { topic, partition, offset, metadata });
        }
        break;
      }
      case 'deleteGroup':
        this.groups.delete(rec.group);
        break;
      case 'deleteTopic':
        for (const g of this.groups.values()) {
          for (const [k, e] of g) if (e.topic === rec.topic) g.delete(k);
        }
        break;
    }
  }

  private write(rec: JournalRecord): Promise<void> {
    this.apply(rec);
    if (!this.file) return Promise.resolve();
    this.file.append([Buffer.from(JSON.stringify(rec), 'utf8')]);
    this.records++;
    const durable = this.sync.request(this.file);
    this.maybeCompact();
    return durable;
  }

  /** Stores offsets; resolves once durable. */
  commit(group: string, entries: OffsetCommitEntry[]): Promise<void> {
    return this.write({
      op: 'commit',
      group,
      entries: entries.map((e) => [e.topic, e.partition, e.offset, e.metadata]),
    });
  }

  /** The committed offset, if any. */
  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(key(topic, partition));
  }

  /** All committed offsets of a group. */
  list(group: string): OffsetCommitEntry[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  /** Whether any offsets are stored for the group. */
  hasGroup(group: string): boolean {
    return (this.groups.get(group)?.size ?? 0) > 0;
  }

  /** Group ids that have committed offsets. */
  groupIds(): string[] {
    return [...this.groups.keys()].filter((g) => this.hasGroup(g));
  }

  /** Forgets a group's offsets (DeleteGroups). */
  deleteGroup(group: string): Promise<void> {
    return this.write({ op: 'deleteGroup', group });
  }

  /** Forgets offsets of a deleted topic. */
  deleteTopic(topic: string): void {
    void this.write({ op: 'deleteTopic', topic }).catch((err: unknown) =>
      this.logger.error('kafka-broker: failed to persist topic offset deletion', {
        error: String(err),
      }),
    );
  }

  private liveEntries(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.size;
    return n;
  }

  /**
   * Rewrites the journal as one commit record per group once it holds many superseded
   * records. Written to a temp file, fsynced and renamed over, so a crash keeps either the
   * old or the new journal, never a mix.
   */
  private maybeCompact(): void {
    if (
      !this.file ||
      !this.dataDir ||
      this.records < 10_000 ||
      this.records < 4 * this.liveEntries()
    )
      return;
    const path = join(this.dataDir, FILE);
    const tmp = `${path}.compact`;
    fs.rmSync(tmp, { force: true });
    const next = FramedFile.create(tmp);
    let records = 0;
    for (const [group, offsets] of this.groups) {
      if (offsets.size === 0) continue;
      const rec: JournalRecord = {
        op: 'commit',
        group,
        entries: [...offsets.values()].map((e) => [e.topic, e.partition, e.offset, e.metadata]),
      };
      next.append([Buffer.from(JSON.stringify(rec), 'utf8')]);
      records++;
    }
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    next.close();
    fs.renameSync(tmp, path);
    fsyncDir(this.dataDir);
    // The old descriptor may still have an fsync queued; retire() closes it once idle.
    this.file.retireWithoutUnlink();
    this.file = FramedFile.load(path, this.logger, MAX_RECORD_BYTES).file;
    this.records = records;
  }

  /** Closes the journal. */
  close(): void {
    this.file?.close();
    this.file = null;
  }
}
