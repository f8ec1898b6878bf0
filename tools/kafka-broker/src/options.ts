/** Minimal structured logger the broker reports through. */
export interface BrokerLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

/** Retention and segment settings of one topic (all optional: unset ones inherit). */
export interface TopicRetentionOptions {
  /** Delete closed segments whose newest batch is older than this. -1 = keep forever. */
  ms?: number;
  /** Keep at most about this many bytes per partition (whole segments are deleted). -1 = no limit. */
  bytes?: number;
  /** Roll to a new segment when the active one reaches this size. */
  segmentBytes?: number;
  /** Roll to a new segment when the active one's first batch is this old. */
  segmentMs?: number;
}

/** Broker-wide retention defaults plus per-topic overrides. */
export interface RetentionOptions extends TopicRetentionOptions {
  /** How often retention runs (ms). Default 60 000. */
  checkIntervalMs?: number;
  /** Per-topic overrides, by topic name (CreateTopics configs override these in turn). */
  topics?: Record<string, TopicRetentionOptions>;
}

/** Consumer-group coordinator settings. */
export interface GroupOptions {
  /**
   * Delay before the first rebalance of an empty group, so members starting together land in
   * one generation. Apache Kafka uses 3 s; near zero keeps local start-up fast. Default 50.
   */
  initialRebalanceDelayMs?: number;
  /** Smallest session timeout a member may ask for. Default 1 000. */
  minSessionTimeoutMs?: number;
  /** Largest session timeout a member may ask for. Default 1 800 000. */
  maxSessionTimeoutMs?: number;
  /**
   * Remove a member as soon as the connection it used for JoinGroup/Heartbeat closes, instead
   * of waiting for its session timeout (a crashed process rebalances at once). Default true.
   */
  evictOnDisconnect?: boolean;
}

/** Options of {@link startBroker}. */
export interface BrokerOptions {
  /** TCP port; 0 picks a free one. Default 9092. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Host name advertised to clients in Metadata/FindCoordinator. Default: `host` (127.0.0.1 for wildcard hosts). */
  advertisedHost?: string;
  /** Directory for the log and committed offsets. Unset = everything in memory. */
  dataDir?: string;
  /** fsync before acknowledging acks=-1/1 produce and offset commits (disk mode). Default true. */
  fsync?: boolean;
  /** Partitions of auto-created topics (and CreateTopics with -1). Default 1. */
  defaultPartitions?: number;
  /** Create topics on Metadata requests that allow it (producers, consumers). Default true. */
  autoCreateTopics?: boolean;
  /** Retention / segment settings. */
  retention?: RetentionOptions;
  /** Consumer-group settings. */
  groups?: GroupOptions;
  /** Largest request frame accepted; bigger declared sizes close the connection unread. Default 100 MiB. */
  maxFrameBytes?: number;
  /** Disk mode: recent batch bytes per partition kept in memory to serve tail reads. Default 8 MiB. */
  cacheBytesPerPartition?: number;
  /** Broker node id. Default 1. */
  nodeId?: number;
  /** Cluster id reported in Metadata. Default "newsreel-embedded". */
  clusterId?: string;
  /** Logger. Default: warnings and errors to stderr, info dropped. */
  logger?: BrokerLogger;
}

/** A running broker. */
export interface BrokerHandle {
  /** The port actually listened on (useful with port 0). */
  port: number;
  /** The advertised host clients should connect to. */
  host: string;
  /** `host:port`, ready for a kafkajs `brokers` list. */
  address: string;
  /** Closes all connections, flushes and closes all files. Idempotent. */
  stop(): Promise<void>;
}

/** Effective topic settings after defaults and overrides are applied. */
export interface TopicConfig {
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  advertisedHost: string;
  dataDir: string | null;
  fsync: boolean;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  topicDefaults: TopicConfig;
  topicOverrides: Record<string, Partial<TopicConfig>>;
  retentionCheckIntervalMs: number;
  groups: Required<GroupOptions>;
  maxFrameBytes: number;
  cacheBytesPerPartition: number;
  nodeId: number;
  clusterId: string;
  logger: BrokerLogger;
}

const MiB = 1024 * 1024;
const DAY = 24 * 60 * 60 * 1000;

/** Default logger: quiet on success, loud on trouble. */
export const stderrLogger: BrokerLogger = {
  info: () => undefined,
  warn: (msg, meta) => console.warn(msg, meta ?? ''),
  error: (msg, meta) => console.error(msg, meta ?? ''),
};

function toTopicConfig(o: TopicRetentionOptions | undefined): Partial<TopicConfig> {
  const out: Partial<TopicConfig> = {};
  if (o?.ms !== undefined) out.retentionMs = o.ms;
  if (o?.bytes !== undefined) out.retentionBytes = o.bytes;
  if (o?.segmentBytes !== undefined) out.segmentBytes = o.segmentBytes;
  if (o?.segmentMs !== undefined) out.segmentMs = o.segmentMs;
  return out;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive integer`);
  return value;
}

/** Fills in defaults and validates options. */
export function resolveOptions(o: BrokerOptions): ResolvedOptions {
  const host = o.host ?? '127.0.0.1';
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const inMemory = o.dataDir === undefined;
  const r = o.retention ?? {};
  const overrides: Record<string, Partial<TopicConfig>> = {};
  for (const [name, t] of Object.entries(r.topics ?? {})) overrides[name] = toTopicConfig(t);
  const port = o.port ?? 9092;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError('port must be 0-65535');
  return {
    port,
    host,
    advertisedHost: o.advertisedHost ?? (wildcard ? '127.0.0.1' : host),
    dataDir: o.dataDir ?? null,
    fsync: o.fsync ?? true,
    defaultPartitions: positiveInt('defaultPartitions', o.defaultPartitions ?? 1),
    autoCreateTopics: o.autoCreateTopics ?? true,
    topicDefaults: {
      retentionMs: r.ms ?? 7 * DAY,
      // In memory the log is the heap: bound it by default so a long-running dev platform
      // cannot grow without limit. On disk Kafka's default (no size limit) applies.
      retentionBytes: r.bytes ?? (inMemory ? 256 * MiB : -1),
      segmentBytes: positiveInt('retention.segmentBytes', r.segmentBytes ?? 16 * MiB),
      segmentMs: positiveInt('retention.segmentMs', r.segmentMs ?? DAY),
    },
    topicOverrides: overrides,
    retentionCheckIntervalMs: positiveInt('retention.checkIntervalMs', r.checkIntervalMs ?? 60_000),
    groups: {
      initialRebalanceDelayMs: o.groups?.initialRebalanceDelayMs ?? 50,
      minSessionTimeoutMs: o.groups?.minSessionTimeoutMs ?? 1_000,
      maxSessionTimeoutMs: o.groups?.maxSessionTimeoutMs ?? 1_800_000,
      evictOnDisconnect: o.groups?.evictOnDisconnect ?? true,
    },
    maxFrameBytes: positiveInt('maxFrameBytes', o.maxFrameBytes ?? 100 * MiB),
    cacheBytesPerPartition: o.cacheBytesPerPartition ?? 8 * MiB,
    nodeId: o.nodeId ?? 1,
    clusterId: o.clusterId ?? 'newsreel-embedded',
    logger: o.logger ?? stderrLogger,
  };
}
