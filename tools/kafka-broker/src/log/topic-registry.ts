import * as fs from 'node:fs';
import { join } from 'node:path';
import type { BrokerLogger, TopicConfig } from '../options';
import { ErrorCode } from '../protocol/error-codes';
import { fsyncDir, writeFileAtomic } from '../storage/fs-utils';
import type { SyncScheduler } from '../storage/sync-scheduler';
import { type LogEnv, PartitionLog } from './partition-log';

/** A topic and its partitions. */
export interface Topic {
  name: string;
  partitions: PartitionLog[];
  /** Overrides given at creation (CreateTopics configs), persisted with the topic. */
  overrides: Partial<TopicConfig>;
  /** Effective settings: broker defaults < per-topic options < creation overrides. */
  config: TopicConfig;
}

/** Construction parameters of {@link TopicRegistry}. */
export interface TopicRegistryOptions {
  dataDir: string | null;
  sync: SyncScheduler;
  logger: BrokerLogger;
  defaults: TopicConfig;
  perTopic: Record<string, Partial<TopicConfig>>;
  cacheBytes: number;
  maxBatchBytes: number;
}

/** Outcome of a create request. */
export interface CreateResult {
  error: number;
  message: string | null;
}

interface TopicFile {
  name: string;
  partitions: number;
  config: Partial<TopicConfig>;
}

const TOPIC_FILE = 'topic.json';
const DELETED_PREFIX = '.deleted-';

/** Kafka's rule for legal topic names (they also become directory names here). */
export function isValidTopicName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 249 &&
    name !== '.' &&
    name !== '..' &&
    /^[a-zA-Z0-9._-]+$/.test(name)
  );
}

/**
 * All topics of the broker. On disk each topic is `<dataDir>/topics/<name>/` with a
 * `topic.json` written last (its presence is the commit point of a create) and one
 * directory per partition. Deletion renames the directory first (the commit point) and
 * then removes it, so a crash in between never resurrects a half-deleted topic.
 */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly root: string | null;
  private readonly env: LogEnv;
  private readonly deleteListeners: Array<(topic: string) => void> = [];

  constructor(private readonly opts: TopicRegistryOptions) {
    this.root = opts.dataDir ? join(opts.dataDir, 'topics') : null;
    this.env = {
      sync: opts.sync,
      logger: opts.logger,
      cacheBytes: opts.cacheBytes,
      maxBatchBytes: opts.maxBatchBytes,
    };
  }

  /** Loads every committed topic from disk (no-op in memory mode). */
  load(): void {
    if (!this.root) return;
    fs.mkdirSync(this.root, { recursive: true });
    for (const name of fs.readdirSync(this.root)) {
      const dir = join(this.root, name);
      if (name.startsWith(DELETED_PREFIX) || name.endsWith('.tmp')) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const metaPath = join(dir, TOPIC_FILE);
      if (!fs.existsSync(metaPath)) {
        this.opts.logger.warn('kafka-broker: removing incompletely created topic', { dir });
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as TopicFile;
      const partitions: PartitionLog[] = [];
      for (let p = 0; p < meta.partitions; p++) {
        partitions.push(PartitionLog.load(meta.name, p, join(dir, String(p)), this.env));
      }
      this.topics.set(meta.name, this.build(meta.name, partitions, meta.config));
    }
  }

  private build(name: string, partitions: PartitionLog[], overrides: Partial<TopicConfig>): Topic {
    return {
      name,
      partitions,
      overrides,
      config: { ...this.opts.defaults, ...this.opts.perTopic[name], ...overrides },
    };
  }

  /** All topics. */
  list(): Topic[] {
    return [...this.topics.values()];
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** The partition log, or undefined when the topic or partition does not exist. */
  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** Creates a topic (validating only when `validateOnly`). */
  create(
    name: string,
    partitions: number,
    overrides: Partial<TopicConfig> = {},
    validateOnly = false,
  ): CreateResult {
    if (!isValidTopicName(name)) {
      return { error: ErrorCode.INVALID_TOPIC_EXCEPTION, message: `Invalid topic name "${name}"` };
    }
    if (this.topics.has(name)) {
      return { error: ErrorCode.TOPIC_ALREADY_EXISTS, message: `Topic '${name}' already exists.` };
    }
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
      return {
        error: ErrorCode.INVALID_PARTITIONS,
        message: `Invalid partition count ${partitions}`,
      };
    }
    if (validateOnly) return { error: ErrorCode.NONE, message: null };
    const logs: PartitionLog[] = [];
    if (this.root) {
      const dir = join(this.root, name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (let p = 0; p < partitions; p++) {
        logs.push(PartitionLog.create(name, p, join(dir, String(p)), this.env));
      }
      const meta: TopicFile = { name, partitions, config: overrides };
      writeFileAtomic(join(dir, TOPIC_FILE), JSON.stringify(meta));
      fsyncDir(this.root);
    } else {
      for (let p = 0; p < partitions; p++) logs.push(PartitionLog.create(name, p, null, this.env));
    }
    this.topics.set(name, this.build(name, logs, overrides));
    this.opts.logger.info('kafka-broker: topic created', { topic: name, partitions });
    return { error: ErrorCode.NONE, message: null };
  }

  /** Deletes a topic and its data; returns the error code for DeleteTopics. */
  delete(name: string): number {
    const topic = this.topics.get(name);
    if (!topic) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    this.topics.delete(name);
    for (const p of topic.partitions) p.close();
    if (this.root) {
      const dir = join(this.root, name);
      const tomb = join(this.root, `${DELETED_PREFIX}${name}-${Date.now()}`);
      fs.renameSync(dir, tomb);
      fsyncDir(this.root);
      fs.rmSync(tomb, { recursive: true, force: true });
    }
    for (const l of this.deleteListeners) l(name);
    this.opts.logger.info('kafka-broker: topic deleted', { topic: name });
    return ErrorCode.NONE;
  }

  /** Registers a callback run after a topic is deleted (e.g. to drop committed offsets). */
  onDelete(listener: (topic: string) => void): void {
    this.deleteListeners.push(listener);
  }

  /** Runs retention over every partition. */
  applyRetention(now = Date.now()): void {
    for (const topic of this.topics.values()) {
      for (const p of topic.partitions) p.applyRetention(topic.config, now);
    }
  }

  /** Closes every partition. */
  close(): void {
    for (const topic of this.topics.values()) for (const p of topic.partitions) p.close();
  }
}
