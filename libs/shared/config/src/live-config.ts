import {
  type CentreOrigin,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from './config-centre.port';
import { BufferedLog } from './buffered-log';
import {
  type CentreBinding,
  type CentreState,
  type Layers,
  WITHOUT_CENTRE,
  bootState,
  compose,
  problemsOf,
  readLayers,
  versionsOf,
} from './centre-state';
import { CoalescingRunner } from '@newsreel/shared-concurrency';
import { configKey, configKeys } from './config-keys';
import type { ConfigLogger } from './config-logger';
import { saveConfigSnapshot } from './config-snapshot';
import { cloneTree, getPath, sameValue, setPath } from './config-tree';
import {
  type LoadConfigOptions,
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
  /** Re-reads of the centre, one at a time (see {@link refresh}). */
  private readonly refreshes = new CoalescingRunner(() => this.refreshOnce());
  private readonly stopWatching: () => void;
  private closed = false;

  private constructor(
    /** The configuration, updated in place for hot keys. */
    readonly config: PlatformConfig,
    private readonly log: BufferedLog,
    /** The service it configures; none for a {@link fixed} configuration. */
    private readonly service?: ServiceName,
    /** The centre followed; none for a {@link fixed} configuration or a disabled centre. */
    private readonly binding?: CentreBinding,
    private state: CentreState = WITHOUT_CENTRE,
  ) {
    this.stopWatching =
      binding && service
        ? binding.centre.watch(['shared', service], () => void this.refresh())
        : () => undefined;
  }

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
    if (!centre) return new LiveConfig(base, log, service);

    const binding: CentreBinding = {
      statics,
      centre,
      ownsCentre: options.centre === undefined,
      snapshotFile: options.snapshotFile ?? snapshotFileOf(base, service),
    };
    const boot = await bootState(service, binding, log, options.connectTimeoutMs ?? 2000);
    const config = boot.origin === 'none' ? base : compose(statics, boot.layers, service);
    const live = new LiveConfig(config, log, service, binding, boot);
    if (boot.origin === 'centre') live.saveSnapshot();
    // A write between the boot read and the watcher's first look would otherwise wait for
    // the next change.
    void live.refresh();
    live.report();
    return live;
  }

  /** The centre this service reads (the admin API writes through it); none when disabled. */
  get centre(): ConfigCentreSource | undefined {
    return this.binding?.centre;
  }

  /** Where the centre layers in force came from. */
  get origin(): CentreOrigin {
    return this.state.origin;
  }

  /** The centre versions in force. */
  get versions(): { shared: number; service: number } {
    return versionsOf(this.state.layers);
  }

  /** Restart-only keys whose centre value differs from the one this process runs with. */
  get pendingRestart(): readonly string[] {
    return this.state.pendingRestart;
  }

  /** Why the latest centre change was rejected; cleared when a later change is applied. */
  get lastError(): string | undefined {
    return this.state.lastError;
  }

  /** This instance's status as the admin API shows it. */
  status(): InstanceConfigStatus {
    const { lastError } = this.state;
    return {
      service: this.service ?? 'gateway',
      instanceId: this.config.instanceId ?? 'unknown',
      versions: this.versions,
      origin: this.state.origin,
      pendingRestart: [...this.state.pendingRestart],
      ...(lastError ? { lastError } : {}),
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
    if (!this.binding || this.closed) return Promise.resolve();
    return this.refreshes.run();
  }

  /** Stops watching, removes this instance's status and closes the centre it opened. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatching();
    await this.refreshes.idle();
    const { binding, service } = this;
    if (!binding || !service) return;
    const { centre, ownsCentre } = binding;
    await centre.clearStatus(service, this.config.instanceId ?? '').catch(() => undefined);
    if (ownsCentre) await centre.close();
  }

  private async refreshOnce(): Promise<void> {
    const { binding, service } = this;
    if (!binding || !service || this.closed) return;
    const { centre, statics } = binding;
    let layers: Layers;
    try {
      layers = await readLayers(centre, service);
    } catch (error) {
      this.readFailed(error);
      return;
    }
    const signature = JSON.stringify(layers);
    const { appliedSignature, rejectedSignature } = this.state;
    if (signature === appliedSignature || signature === rejectedSignature) return;

    let next: PlatformConfig;
    try {
      next = compose(statics, layers, service);
    } catch (error) {
      this.reject(layers, signature, problemsOf(error));
      return;
    }
    this.apply(next, layers, signature);
  }

  private readFailed(error: unknown): void {
    // An outage is reported by the adapter (once, not per retry); a file that cannot be
    // parsed is a rejected change like any invalid value.
    if (error instanceof ConfigCentreUnavailableError && error.failure === 'unreachable') return;
    const message = (error as Error).message;
    if (message !== this.state.lastError)
      this.log.error(
        { err: message },
        `config centre read failed, the previous values stay in force: ${message}`,
      );
    this.state = { ...this.state, lastError: message };
  }

  private reject(layers: Layers, signature: string, problems: string[]): void {
    const { service } = this;
    this.state = {
      ...this.state,
      rejectedSignature: signature,
      lastError: `shared v${layers.shared.version} / ${service} v${layers.service.version} rejected: ${problems.join('; ')}`,
    };
    this.log.error(
      { versions: versionsOf(layers), problems },
      `config change rejected, the previous values stay in force: ${problems.join('; ')}`,
    );
    this.report();
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
    const newlyPending = pending.filter((key) => !this.state.pendingRestart.includes(key));
    this.state = {
      layers,
      origin: 'centre',
      pendingRestart: pending,
      appliedSignature: signature,
    };

    for (const change of changed) this.notify(change.key, change.next, change.previous);
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

  private notify(key: string, next: unknown, previous: unknown): void {
    for (const listener of this.listeners.get(key) ?? []) {
      try {
        listener(next, previous);
      } catch (error) {
        this.log.error({ key, err: (error as Error).message }, `a listener of ${key} failed`);
      }
    }
  }

  private saveSnapshot(): void {
    if (!this.binding) return;
    const { snapshotFile, centre } = this.binding;
    const snapshot = {
      savedAt: new Date().toISOString(),
      where: centre.where,
      ...this.state.layers,
    };
    saveConfigSnapshot(snapshotFile, snapshot).catch((error: unknown) =>
      this.log.warn(
        { file: snapshotFile, err: (error as Error).message },
        `config snapshot ${snapshotFile} not saved: ${(error as Error).message}`,
      ),
    );
  }

  private report(): void {
    if (!this.binding || this.closed) return;
    // Best effort: the status is for people; an outage is already reported by the adapter.
    this.binding.centre.reportStatus(this.status()).catch(() => undefined);
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
