import {
  type CentreLayer,
  type CentreOrigin,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from './config-centre.port';
import { configKey, configKeys } from './config-keys';
import type { ConfigLogger } from './config-logger';
import { loadConfigSnapshot, saveConfigSnapshot } from './config-snapshot';
import { cloneTree, getPath, sameValue, setPath } from './config-tree';
import { centreKeyProblems, mergeCentreLayers } from './centre-validation';
import {
  ConfigError,
  type LoadConfigOptions,
  type StaticLayers,
  generatedInstanceId,
  readStaticLayers,
  validateConfigTree,
} from './load-config';
import { openConfigCentre, snapshotFileOf } from './open-config-centre';
import type { PlatformConfig, ServiceName } from './platform-config.schema';

/** Called with the new and the previous value of a hot key after it changed. */
export type ConfigChangeListener<T = unknown> = (next: T, previous: T) => void;

/** Options of {@link startLiveConfig}. */
export interface StartLiveConfigOptions extends LoadConfigOptions {
  service: ServiceName;
  /**
   * The centre to use instead of the one the configuration names (tests); `null` = none. A
   * centre passed here is not closed by {@link LiveConfig.close}.
   */
  centre?: ConfigCentreSource | null;
  /** Where to keep the snapshot instead of `<dataDir>/config-centre-snapshots/<service>.json`. */
  snapshotFile?: string;
  /** Where to log; without one, messages wait for {@link LiveConfig.useLogger}. */
  logger?: ConfigLogger;
  /** How long start-up waits for the centre before booting from the snapshot; default 2000 ms. */
  connectTimeoutMs?: number;
}

interface Layers {
  shared: CentreLayer;
  service: CentreLayer;
}

const EMPTY: Layers = {
  shared: { version: 0, values: {} },
  service: { version: 0, values: {} },
};

type LogLevel = 'info' | 'warn' | 'error';

/**
 * Holds log lines until a logger is attached: the configuration is loaded before the logger
 * exists (the logger's level is configuration), and start-up is when the centre has the most
 * to say (unreachable, booting from a snapshot).
 */
class BufferedLog implements ConfigLogger {
  private target?: ConfigLogger;
  private readonly lines: Array<{ level: LogLevel; details: object; message: string }> = [];

  constructor(target?: ConfigLogger) {
    this.target = target;
  }

  attach(target: ConfigLogger): void {
    this.target = target;
    for (const line of this.lines.splice(0)) target[line.level](line.details, line.message);
  }

  info(details: object, message: string): void {
    this.write('info', details, message);
  }
  warn(details: object, message: string): void {
    this.write('warn', details, message);
  }
  error(details: object, message: string): void {
    this.write('error', details, message);
  }

  private write(level: LogLevel, details: object, message: string): void {
    if (this.target) this.target[level](details, message);
    else this.lines.push({ level, details, message });
  }
}

/**
 * A service's configuration while it runs: the static layers (defaults < `config/*.yaml` <
 * `NEWSREEL_*`) with the config centre's layers on top (shared < this service's own).
 *
 * {@link config} is one object for the life of the process (it is what `PLATFORM_CONFIG`
 * provides). When the centre changes, the new merged configuration is validated as a whole:
 * - invalid: nothing changes; the error is logged naming the key and kept in {@link lastError};
 * - valid: hot keys are written into {@link config} in place (code that reads
 *   `config.comment.sensitiveWords` when it needs it sees the new list at once), their
 *   {@link onChange} listeners get the new and old value, and restart-only keys that now differ
 *   are listed in {@link pendingRestart} (not applied: a port or a database URL cannot change
 *   under a running server).
 *
 * Each applied state is saved as a local snapshot; a service that starts while the centre is
 * unreachable boots from it (and says so in the log), then catches up when the centre answers.
 */
export class LiveConfig {
  private readonly listeners = new Map<string, Set<ConfigChangeListener>>();
  private layers: Layers = EMPTY;
  private currentOrigin: CentreOrigin = 'none';
  private pending: string[] = [];
  private error?: string;
  private appliedSignature?: string;
  private rejectedSignature?: string;
  private refreshing?: Promise<void>;
  private again = false;
  private stopWatching?: () => void;
  private closed = false;

  private constructor(
    /** The configuration, updated in place for hot keys. */
    readonly config: PlatformConfig,
    private readonly log: BufferedLog,
    private readonly context: {
      service?: ServiceName;
      statics?: StaticLayers;
      centre?: ConfigCentreSource;
      ownsCentre?: boolean;
      snapshotFile?: string;
    } = {},
  ) {}

  /** A configuration that never changes (tests, tools): no centre, no listener is ever called. */
  static fixed(config: PlatformConfig): LiveConfig {
    return new LiveConfig(config, new BufferedLog());
  }

  /** Loads the layers, boots from the centre or its snapshot, and starts watching. */
  static async start(options: StartLiveConfigOptions): Promise<LiveConfig> {
    const { service } = options;
    const statics = readStaticLayers(options);
    const base = validateConfigTree(statics.tree, statics.sources);
    // Fixed now, so every recomputation keeps this process's identity.
    statics.tree.instanceId = base.instanceId ??= generatedInstanceId(service);
    const log = new BufferedLog(options.logger);
    const centre =
      options.centre === undefined
        ? openConfigCentre(base, { logger: log })
        : (options.centre ?? undefined);
    const snapshotFile = options.snapshotFile ?? snapshotFileOf(base, service);
    const boot = centre
      ? await bootLayers({ service, statics, centre, snapshotFile, log, options })
      : { layers: EMPTY, origin: 'none' as const };

    const live = new LiveConfig(
      boot.origin === 'none' ? base : compose(statics, boot.layers, service),
      log,
      { service, statics, centre, ownsCentre: options.centre === undefined, snapshotFile },
    );
    live.layers = boot.layers;
    live.currentOrigin = boot.origin;
    live.error = boot.error;
    live.rejectedSignature = boot.rejectedSignature;
    if (centre) {
      if (boot.origin === 'centre') {
        live.appliedSignature = JSON.stringify(boot.layers);
        live.saveSnapshot();
      }
      live.stopWatching = centre.watch(['shared', service], () => void live.refresh());
      // A write between the boot read and the watcher's first look would otherwise wait for
      // the next change.
      void live.refresh();
      live.report();
    }
    return live;
  }

  /** The centre this service reads (the admin API writes through it); none when disabled. */
  get centre(): ConfigCentreSource | undefined {
    return this.context.centre;
  }

  /** Where the centre layers in force came from. */
  get origin(): CentreOrigin {
    return this.currentOrigin;
  }

  /** The centre versions in force. */
  get versions(): { shared: number; service: number } {
    return versionsOf(this.layers);
  }

  /** Restart-only keys whose centre value differs from the one this process runs with. */
  get pendingRestart(): readonly string[] {
    return this.pending;
  }

  /** Why the latest centre change was rejected; cleared when a later change is applied. */
  get lastError(): string | undefined {
    return this.error;
  }

  /** This instance's status as the admin API shows it. */
  status(): InstanceConfigStatus {
    return {
      service: this.context.service ?? 'gateway',
      instanceId: this.config.instanceId ?? 'unknown',
      versions: this.versions,
      origin: this.currentOrigin,
      pendingRestart: [...this.pending],
      ...(this.error ? { lastError: this.error } : {}),
      updatedAt: new Date().toISOString(),
    };
  }

  /**
   * Calls `listener(next, previous)` after hot key `key` changed (already written into
   * {@link config} when it runs). Throws for a key that is not hot: its listener would never
   * run. Returns a function that unsubscribes.
   */
  onChange<T = unknown>(key: string, listener: ConfigChangeListener<T>): () => void {
    const info = configKey(key);
    if (!info) throw new Error(`onChange('${key}'): not a configuration key`);
    if (info.reload !== 'hot')
      throw new Error(
        `onChange('${key}'): the key is ${info.reload}, not hot; it never changes while running`,
      );
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    const entry = listener as ConfigChangeListener;
    set.add(entry);
    return () => void set.delete(entry);
  }

  /** Sends log lines here, starting with those written before a logger existed (start-up). */
  useLogger(logger: ConfigLogger): void {
    this.log.attach(logger);
  }

  /**
   * Re-reads the centre and applies what changed. Notifications call it; concurrent calls are
   * coalesced into one more pass, so no change is missed and none is applied twice.
   */
  refresh(): Promise<void> {
    if (!this.context.centre || this.closed) return Promise.resolve();
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.again = false;
          await this.refreshOnce();
        } while (this.again && !this.closed);
      } finally {
        // In the same step as the last check of `again`: a call in between would be lost.
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Stops watching, removes this instance's status and closes the centre it opened. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatching?.();
    await this.refreshing?.catch(() => undefined);
    const { centre, service } = this.context;
    if (!centre || !service) return;
    await centre.clearStatus(service, this.config.instanceId ?? '').catch(() => undefined);
    if (this.context.ownsCentre) await centre.close();
  }

  private async refreshOnce(): Promise<void> {
    const { centre, service, statics } = this.context;
    if (!centre || !service || !statics) return;
    let layers: Layers;
    try {
      const read = await centre.read(['shared', service]);
      layers = { shared: read.shared, service: read[service] };
    } catch (error) {
      // An outage is reported by the adapter (once, not per retry); a file that cannot be
      // parsed is a rejected change like any invalid value.
      const message = (error as Error).message;
      if (!(error instanceof ConfigCentreUnavailableError) || !/unreachable/.test(message)) {
        if (message !== this.error)
          this.log.error(
            { err: message },
            `config centre read failed, the previous values stay in force: ${message}`,
          );
        this.error = message;
      }
      return;
    }
    const signature = JSON.stringify(layers);
    if (signature === this.appliedSignature || signature === this.rejectedSignature) return;

    let next: PlatformConfig;
    try {
      next = compose(statics, layers, service);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      this.rejectedSignature = signature;
      this.error = `shared v${layers.shared.version} / ${service} v${layers.service.version} rejected: ${problems.join('; ')}`;
      this.log.error(
        { versions: versionsOf(layers), problems },
        `config change rejected, the previous values stay in force: ${problems.join('; ')}`,
      );
      this.report();
      return;
    }
    this.apply(next, layers, signature);
  }

  private apply(next: PlatformConfig, layers: Layers, signature: string): void {
    const changed: Array<{ key: string; next: unknown; previous: unknown }> = [];
    const pending: string[] = [];
    for (const { key, reload } of configKeys()) {
      if (reload === 'local') continue;
      const previous = getPath(this.config, key);
      const value = getPath(next, key);
      if (sameValue(previous, value)) continue;
      if (reload === 'hot') {
        setPath(this.config, key, cloneTree(value));
        changed.push({ key, next: value, previous });
      } else {
        pending.push(key);
      }
    }
    const newlyPending = pending.filter((key) => !this.pending.includes(key));
    this.layers = layers;
    this.currentOrigin = 'centre';
    this.appliedSignature = signature;
    this.rejectedSignature = undefined;
    this.pending = pending;
    this.error = undefined;

    for (const change of changed) {
      for (const listener of this.listeners.get(change.key) ?? []) {
        try {
          listener(change.next, change.previous);
        } catch (error) {
          this.log.error(
            { key: change.key, err: (error as Error).message },
            `a listener of ${change.key} failed`,
          );
        }
      }
    }
    if (changed.length > 0 || newlyPending.length > 0) {
      const applied = changed.map((c) => c.key);
      this.log.info(
        { versions: versionsOf(layers), applied, pendingRestart: pending },
        `config change applied: ${applied.join(', ') || 'no hot key'}` +
          (newlyPending.length > 0 ? `; restart needed for ${newlyPending.join(', ')}` : ''),
      );
    }
    this.saveSnapshot();
    this.report();
  }

  private saveSnapshot(): void {
    const { snapshotFile, centre } = this.context;
    if (!snapshotFile || !centre) return;
    const snapshot = { savedAt: new Date().toISOString(), where: centre.where, ...this.layers };
    saveConfigSnapshot(snapshotFile, snapshot).catch((error: unknown) =>
      this.log.warn(
        { file: snapshotFile, err: (error as Error).message },
        `config snapshot ${snapshotFile} not saved: ${(error as Error).message}`,
      ),
    );
  }

  private report(): void {
    const { centre } = this.context;
    if (!centre || this.closed) return;
    // Best effort: the status is for people; an outage is already reported by the adapter.
    centre.reportStatus(this.status()).catch(() => undefined);
  }
}

/**
 * Loads a service's configuration with the config centre on top and keeps it current (see
 * {@link LiveConfig}). Fails with `ConfigError` on bad static layers, as `loadConfig` does; an
 * unreachable centre is not a failure: the service boots from its last snapshot, and says so.
 */
export function startLiveConfig(options: StartLiveConfigOptions): Promise<LiveConfig> {
  return LiveConfig.start(options);
}

function versionsOf(layers: Layers) {
  return { shared: layers.shared.version, service: layers.service.version };
}

/** The static layers with the centre's on top, validated; throws `ConfigError`. */
function compose(statics: StaticLayers, layers: Layers, service: ServiceName): PlatformConfig {
  const problems = [
    ...centreKeyProblems(layers.shared.values).map(
      (p) => `${p.key} (from config centre shared v${layers.shared.version}): ${p.message}`,
    ),
    ...centreKeyProblems(layers.service.values).map(
      (p) => `${p.key} (from config centre ${service} v${layers.service.version}): ${p.message}`,
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const sources = new Map(statics.sources);
  const tree = mergeCentreLayers(
    statics.tree,
    [
      { scope: 'shared', layer: layers.shared },
      { scope: service, layer: layers.service },
    ],
    sources,
  );
  return validateConfigTree(tree, sources);
}

/** The centre layers a starting service uses: the centre's, else its snapshot, else none. */
async function bootLayers(args: {
  service: ServiceName;
  statics: StaticLayers;
  centre: ConfigCentreSource;
  snapshotFile: string;
  log: ConfigLogger;
  options: StartLiveConfigOptions;
}): Promise<{ layers: Layers; origin: CentreOrigin; error?: string; rejectedSignature?: string }> {
  const { service, statics, centre, snapshotFile, log } = args;
  let error: string | undefined;
  let rejectedSignature: string | undefined;
  try {
    await centre.connect(args.options.connectTimeoutMs ?? 2000);
    const read = await centre.read(['shared', service]);
    const layers = { shared: read.shared, service: read[service] };
    try {
      compose(statics, layers, service);
      const keys = [...Object.keys(layers.shared.values), ...Object.keys(layers.service.values)];
      log.info(
        { centre: centre.where, versions: versionsOf(layers), keys },
        `config centre: ${centre.where} (shared v${layers.shared.version}, ${service} ` +
          `v${layers.service.version}${keys.length > 0 ? `; overrides ${keys.join(', ')}` : ''})`,
      );
      return { layers, origin: 'centre' };
    } catch (invalid) {
      const problems =
        invalid instanceof ConfigError ? invalid.problems : [(invalid as Error).message];
      error = `rejected at start: ${problems.join('; ')}`;
      rejectedSignature = JSON.stringify(layers);
      log.error(
        { versions: versionsOf(layers), problems },
        `config centre values rejected at start (${problems.join('; ')}); trying the last snapshot`,
      );
    }
  } catch (unreachable) {
    const message = (unreachable as Error).message;
    log.warn(
      { centre: centre.where, err: message },
      `config centre unreachable at start: ${message}`,
    );
  }

  try {
    const snapshot = await loadConfigSnapshot(snapshotFile);
    if (snapshot) {
      const layers = { shared: snapshot.shared, service: snapshot.service };
      compose(statics, layers, service);
      log.warn(
        { file: snapshotFile, savedAt: snapshot.savedAt, versions: versionsOf(layers) },
        `booting from the last-known config snapshot ${snapshotFile} (saved ${snapshot.savedAt}, ` +
          `shared v${layers.shared.version}, ${service} v${layers.service.version}); ` +
          'the centre is picked up as soon as it answers',
      );
      return { layers, origin: 'snapshot', error, rejectedSignature };
    }
  } catch (unusable) {
    const message = (unusable as Error).message;
    log.error({ file: snapshotFile, err: message }, `config snapshot unusable: ${message}`);
  }
  log.warn(
    { file: snapshotFile },
    'no usable config snapshot: booting without the config centre layer (defaults, config ' +
      'files and environment only); the centre is picked up as soon as it answers',
  );
  return { layers: EMPTY, origin: 'none', error, rejectedSignature };
}
