import { loadDirectorySnapshot, saveDirectorySnapshot } from './directory-snapshot';
import { type InstanceProbe, tcpProbe } from './instance-probe';
import {
  DEFAULT_COOLDOWN_MS,
  InstanceCooldowns,
  type InstanceSource,
  type InstancesListener,
} from './instance-source';
import {
  type InstancesByService,
  type ServiceInstance,
  membershipKey,
  sortInstances,
} from './service-instance';
import {
  ALL_SERVICES,
  type RegistryEvent,
  type RegistryKind,
  RegistryUnavailableError,
  type ServiceRegistry,
} from './service-registry.port';

/** The few logger methods discovery uses (a pino logger fits). */
export interface DiscoveryLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options of {@link ServiceDirectory}. */
export interface ServiceDirectoryOptions {
  registry: ServiceRegistry;
  logger: DiscoveryLogger;
  /**
   * Where the last known lists are kept (`<dataDir>/discovery/<service>.snapshot.json`); without
   * it nothing is saved and a registry that is down at start fails the start.
   */
  snapshotFile?: string;
  /** Checks whether an instance still answers (empty-push protection); default a 300 ms TCP connect. */
  probe?: InstanceProbe;
  /** How long a failed instance is avoided; default 2000 ms. */
  cooldownMs?: number;
  now?: () => number;
}

/** An instance as {@link ServiceDirectory.snapshot} shows it. */
export type DirectoryInstance = ServiceInstance & {
  /** False while the instance cools down after a failed call. */
  healthy: boolean;
};

/** What the caller side knows right now (for `GET /api/v1/admin/registry`). */
export interface DirectorySnapshot {
  /** `static`, `file` or `redis`. */
  registry: RegistryKind;
  /** `file registry at ...`, `Redis registry at ...`. */
  description: string;
  /** Whether the last read of the registry worked. */
  registryUp: boolean;
  /** `snapshot` while the lists are still the ones loaded from the snapshot file at start. */
  source: 'registry' | 'snapshot';
  /** The registry's last error, while it is down. */
  lastError?: string;
  /** The services this process calls. */
  tracked: string[];
  services: Record<string, DirectoryInstance[]>;
}

/**
 * What the directory knows about the registry: answering, or down since a time with the latest
 * error (kept up to date while the outage lasts; the outage itself is logged once).
 */
type RegistryHealth = { up: true } | { up: false; since: number; lastError: string };

/**
 * The caller side of discovery: the last known good instance lists, kept up to date by watching
 * the registry, and the rules that keep calls going when the registry misbehaves.
 *
 * - **Registry outage**: lists are kept as they are (never purged on an error); the outage is
 *   logged once, and so is the recovery.
 * - **Snapshot**: every change is saved to `snapshotFile`; a process that starts while the
 *   registry is unreachable loads it (and fails start-up if there is none).
 * - **Empty-push protection**: an update that would empty a service's list is checked against
 *   the instances themselves (a TCP connect each); those that still answer are kept and a
 *   warning is logged. A registry that was wiped or restarted empty does not cut callers off.
 *
 * Processes that call other services `track()` them; `start()` (at application bootstrap) reads
 * the registry and watches it. A process that tracks nothing never reads the registry.
 */
export class ServiceDirectory implements InstanceSource {
  private readonly lists = new Map<string, ServiceInstance[]>();
  private readonly tracked = new Set<string>();
  private readonly listeners = new Set<InstancesListener>();
  private readonly cooldowns: InstanceCooldowns;
  private readonly probe: InstanceProbe;
  private readonly now: () => number;
  private readonly emptyPushWarned = new Set<string>();
  private started = false;
  private stopWatching?: () => void;
  private health: RegistryHealth = { up: true };
  private source: 'registry' | 'snapshot' = 'registry';
  private pending?: RegistryEvent;
  private processing?: Promise<void>;
  private savedKey?: string;
  private saveFailing = false;

  constructor(private readonly options: ServiceDirectoryOptions) {
    this.now = options.now ?? Date.now;
    this.cooldowns = new InstanceCooldowns(options.cooldownMs ?? DEFAULT_COOLDOWN_MS, this.now);
    this.probe = options.probe ?? tcpProbe(300);
  }

  /** The registry this directory reads. */
  get registry(): ServiceRegistry {
    return this.options.registry;
  }

  /** Declares that this process calls `service`; call before {@link start} (module init). */
  track(service: string): void {
    this.tracked.add(service);
    if (this.started && !this.stopWatching) this.watch();
  }

  /**
   * Reads the registry and starts watching it (nothing to do when no service is tracked). If the
   * registry is unreachable, the snapshot is loaded instead; with no snapshot either, it throws
   * an error that says both.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.tracked.size === 0) return;
    const { registry, logger, snapshotFile } = this.options;
    try {
      const services = await registry.listAll();
      for (const [service, list] of Object.entries(services))
        this.lists.set(service, sortInstances(list));
      await this.save();
      logger.info(
        { registry: registry.description, instances: this.summary() },
        'service directory loaded from the registry',
      );
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError)) throw error;
      const saved = snapshotFile ? await loadDirectorySnapshot(snapshotFile) : undefined;
      if (!saved) {
        throw new Error(
          `${error.message}; and there is no snapshot of instances to start from ` +
            `(${snapshotFile ?? 'snapshots are off for this registry'}). Start the registry, ` +
            'or start this process once while it is up so it can save one.',
          { cause: error },
        );
      }
      for (const [service, list] of Object.entries(saved.services)) this.lists.set(service, list);
      this.savedKey = this.listsKey();
      this.source = 'snapshot';
      this.markDown(error, false);
      logger.warn(
        {
          registry: registry.description,
          error: error.message,
          snapshot: snapshotFile,
          savedAt: saved.savedAt,
          instances: this.summary(),
        },
        'service registry unreachable at start: using the last saved instance lists',
      );
    }
    this.watch();
  }

  /** The instances of `service` to call now, sorted by id. */
  instances(service: string): readonly ServiceInstance[] {
    return this.lists.get(service) ?? [];
  }

  onChange(listener: InstancesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isHealthy(service: string, instanceId: string): boolean {
    return this.cooldowns.isHealthy(service, instanceId);
  }

  markUnhealthy(service: string, instanceId: string): void {
    this.cooldowns.markUnhealthy(service, instanceId);
  }

  /** Everything this process knows, for the admin endpoint and for tests. */
  snapshot(): DirectorySnapshot {
    const services: Record<string, DirectoryInstance[]> = {};
    for (const service of [...this.lists.keys()].sort()) {
      services[service] = this.instances(service).map((instance) => ({
        ...instance,
        healthy: this.isHealthy(service, instance.instanceId),
      }));
    }
    return {
      registry: this.options.registry.kind,
      description: this.options.registry.description,
      registryUp: this.health.up,
      source: this.source,
      ...(this.health.up || !this.health.lastError ? {} : { lastError: this.health.lastError }),
      tracked: [...this.tracked].sort(),
      services,
    };
  }

  /** Stops watching (the registry itself is closed by its owner). */
  async close(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.pending = undefined;
    while (this.processing) await this.processing;
  }

  /**
   * Applies one registry event now (the watch calls this; tests call it directly). Events are
   * handled one at a time; while one is handled, only the newest of those that arrive is kept.
   */
  async handle(event: RegistryEvent): Promise<void> {
    this.pending = event;
    this.kick();
    while (this.processing) await this.processing;
  }

  private watch(): void {
    this.stopWatching = this.options.registry.watch(
      ALL_SERVICES,
      (event) => void this.handle(event),
    );
  }

  private kick(): void {
    if (this.processing) return;
    this.processing = Promise.resolve()
      .then(() => this.drain())
      .finally(() => {
        this.processing = undefined;
        if (this.pending) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const event = this.pending;
      this.pending = undefined;
      try {
        if (event.type === 'error') this.markDown(event.error, true);
        else await this.apply(event.services);
      } catch (error) {
        this.options.logger.error(
          { err: error },
          'service directory: could not apply a registry update',
        );
      }
    }
  }

  private markDown(error: Error, log: boolean): void {
    if (!this.health.up) {
      this.health = { ...this.health, lastError: error.message };
      return;
    }
    this.health = { up: false, since: this.now(), lastError: error.message };
    if (log) {
      this.options.logger.warn(
        {
          registry: this.options.registry.description,
          error: error.message,
          instances: this.summary(),
        },
        'service registry unreachable: keeping the last known instances',
      );
    }
  }

  private async apply(services: InstancesByService): Promise<void> {
    const { logger, registry } = this.options;
    if (!this.health.up) {
      const downMs = this.now() - this.health.since;
      logger.info({ registry: registry.description, downMs }, 'service registry reachable again');
      this.health = { up: true };
    }
    this.source = 'registry';
    const names = new Set([...this.lists.keys(), ...Object.keys(services)]);
    const changed: string[] = [];
    for (const service of [...names].sort()) {
      const before = this.lists.get(service) ?? [];
      let after = sortInstances(services[service] ?? []);
      if (after.length === 0 && before.length > 0) {
        after = await this.protectFromEmptyPush(service, before);
      } else {
        this.emptyPushWarned.delete(service);
      }
      this.lists.set(service, after);
      if (membershipKey(before) !== membershipKey(after)) {
        changed.push(service);
        const keyed = (list: ServiceInstance[]) =>
          new Map(list.map((i) => [i.instanceId, membershipKey([i])]));
        const [was, now] = [keyed(before), keyed(after)];
        logger.info(
          {
            service,
            joined: [...now.keys()].filter((id) => !was.has(id)),
            left: [...was.keys()].filter((id) => !now.has(id)),
            // Same id, new record: restarted, moved to another port, or re-weighted.
            updated: [...now.keys()].filter((id) => was.has(id) && was.get(id) !== now.get(id)),
            instances: [...now.keys()],
          },
          `instances of ${service} changed`,
        );
      }
    }
    if (changed.length === 0) return;
    await this.save();
    for (const service of changed) {
      for (const listener of this.listeners) {
        try {
          listener(service, this.instances(service));
        } catch (error) {
          logger.error({ err: error, service }, 'an instances listener failed');
        }
      }
    }
  }

  /** The registry says `service` has no instance left: believe it only for those that do not answer. */
  private async protectFromEmptyPush(
    service: string,
    before: ServiceInstance[],
  ): Promise<ServiceInstance[]> {
    const answers = await Promise.all(before.map((i) => this.probe(i).catch(() => false)));
    const alive = before.filter((_, i) => answers[i]);
    if (alive.length === 0) {
      this.emptyPushWarned.delete(service);
      return [];
    }
    if (!this.emptyPushWarned.has(service)) {
      this.emptyPushWarned.add(service);
      this.options.logger.warn(
        {
          service,
          registry: this.options.registry.description,
          kept: alive.map((i) => i.instanceId),
          dropped: before.filter((_, i) => !answers[i]).map((i) => i.instanceId),
        },
        `registry update would leave no instance of ${service} while some still answer: ignored (empty-push protection)`,
      );
    }
    return alive;
  }

  private async save(): Promise<void> {
    const file = this.options.snapshotFile;
    if (!file) return;
    const key = this.listsKey();
    if (key === this.savedKey) return;
    try {
      const services: InstancesByService = {};
      for (const service of [...this.lists.keys()].sort())
        services[service] = this.instances(service) as ServiceInstance[];
      await saveDirectorySnapshot(file, {
        savedAt: new Date(this.now()).toISOString(),
        registry: this.options.registry.description,
        services,
      });
      this.savedKey = key;
      this.saveFailing = false;
    } catch (error) {
      if (!this.saveFailing) {
        this.saveFailing = true;
        this.options.logger.warn(
          { err: error, snapshot: file },
          'could not save the snapshot of instances (calls are not affected)',
        );
      }
    }
  }

  private listsKey(): string {
    return [...this.lists.keys()]
      .sort()
      .map((service) => `${service}\n${membershipKey(this.instances(service))}`)
      .join('\n\n');
  }

  private summary(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const [service, list] of this.lists) result[service] = list.map((i) => i.instanceId);
    return result;
  }
}
