import {
  type CentreChanges,
  type CentreLayer,
  type CentreScope,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from '../config-centre.port';
import type { ServiceName } from '../platform-config.schema';

/**
 * A config centre in memory for unit tests: notifies watchers synchronously on every write,
 * and can be taken "down" to see what an outage does.
 */
export class InMemoryConfigCentre implements ConfigCentreSource {
  readonly kind = 'file' as const;
  readonly where = 'memory';
  /** While true, every call fails as an unreachable centre would. */
  down = false;
  readonly layers = new Map<CentreScope, CentreLayer>();
  readonly statuses = new Map<string, InstanceConfigStatus>();
  private readonly watchers = new Set<{ scopes: readonly CentreScope[]; listener: () => void }>();

  connect(): Promise<void> {
    return this.attempt(() => undefined);
  }

  read<S extends CentreScope>(scopes: readonly S[]): Promise<Record<S, CentreLayer>> {
    return this.attempt(
      () =>
        Object.fromEntries(
          scopes.map((scope) => [scope, structuredClone(this.layer(scope))]),
        ) as Record<S, CentreLayer>,
    );
  }

  write(scope: CentreScope, changes: CentreChanges): Promise<CentreLayer> {
    return this.attempt(() => this.put(scope, changes));
  }

  /** Writes without any check and notifies (a hand edit, or a test setting up state). */
  put(scope: CentreScope, changes: CentreChanges): CentreLayer {
    const current = this.layer(scope);
    const values = { ...current.values };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete values[key];
      else values[key] = value;
    }
    const next = { version: current.version + 1, values };
    this.layers.set(scope, next);
    for (const watcher of this.watchers) if (watcher.scopes.includes(scope)) watcher.listener();
    return structuredClone(next);
  }

  watch(scopes: readonly CentreScope[], listener: () => void): () => void {
    const watcher = { scopes, listener };
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  reportStatus(status: InstanceConfigStatus): Promise<void> {
    return this.attempt(() => void this.statuses.set(status.instanceId, status));
  }

  clearStatus(_service: ServiceName, instanceId: string): Promise<void> {
    this.statuses.delete(instanceId);
    return Promise.resolve();
  }

  readStatus(service?: ServiceName): Promise<InstanceConfigStatus[]> {
    return Promise.resolve(
      [...this.statuses.values()].filter((s) => !service || s.service === service),
    );
  }

  close(): Promise<void> {
    this.watchers.clear();
    return Promise.resolve();
  }

  private layer(scope: CentreScope): CentreLayer {
    return this.layers.get(scope) ?? { version: 0, values: {} };
  }

  private attempt<T>(run: () => T): Promise<T> {
    if (this.down)
      return Promise.reject(
        new ConfigCentreUnavailableError('Config centre (memory) is unreachable', {
          failure: 'unreachable',
        }),
      );
    return Promise.resolve(run());
  }
}
