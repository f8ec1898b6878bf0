import type { InstanceRegistration, InstancesByService, ServiceInstance } from './service-instance';

/** Which adapter backs the registry. */
export type RegistryKind = 'static' | 'file' | 'redis';

/** Pass to {@link ServiceRegistry.watch} to watch every service. */
export const ALL_SERVICES = '*';

/**
 * What a watcher receives. `instances` carries the full current lists of the watched services
 * (a watched service with no instance is present with `[]`); it is sent on the first read, on
 * every change (heartbeat times included) and on the first good read after an error. `error` is
 * sent when the registry stops answering (once per outage, not once per poll).
 */
export type RegistryEvent =
  | { type: 'instances'; services: InstancesByService }
  | { type: 'error'; error: RegistryUnavailableError };

/** Receives {@link RegistryEvent}s; must not throw. */
export type RegistryListener = (event: RegistryEvent) => void;

/**
 * The registry could not be read or written: Redis down, the registry directory missing,
 * replaced by a file or unreadable. It never means "no instances" (that is an empty list), so a
 * caller can keep what it knew instead of purging it.
 */
export class RegistryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}

/**
 * The service registry port: where processes announce themselves and callers find them.
 * Adapters: `StaticRegistry` (addresses from configuration), `FileRegistry` (a directory shared
 * by the processes of one machine), `RedisRegistry` (TTL'd keys plus change notifications).
 *
 * Reads throw {@link RegistryUnavailableError} on any registry failure and never return `[]`
 * for one. Records whose TTL has run out are not returned.
 */
export interface ServiceRegistry {
  readonly kind: RegistryKind;
  /** For logs and errors: `file registry at /srv/.data/registry`, `Redis registry at redis://...`. */
  readonly description: string;
  /** Announces an instance (or replaces its record) and notifies watchers promptly. */
  register(instance: InstanceRegistration): Promise<void>;
  /**
   * Renews the instance's TTL. It rewrites the whole record, so an instance whose record was lost
   * (registry restarted empty, TTL ran out during a pause) is registered again.
   */
  heartbeat(instance: InstanceRegistration): Promise<void>;
  /** Removes the instance at once (graceful shutdown); removing an unknown one is not an error. */
  deregister(instance: Pick<ServiceInstance, 'service' | 'instanceId'>): Promise<void>;
  /** The live instances of `service`, sorted by id. */
  list(service: string): Promise<ServiceInstance[]>;
  /** The live instances of every service the registry knows, sorted by id. */
  listAll(): Promise<InstancesByService>;
  /**
   * Calls `listener` with the lists of `service` (or of every service with {@link ALL_SERVICES})
   * whenever they change, within about a second; returns the function that stops watching.
   */
  watch(service: string, listener: RegistryListener): () => void;
  /** Stops every watcher and closes connections. */
  close(): Promise<void>;
}
