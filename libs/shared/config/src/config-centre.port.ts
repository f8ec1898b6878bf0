import { SERVICE_NAMES, type ServiceName } from './platform-config.schema';

/** A layer of the config centre: values shared by every service, or one service's own. */
export type CentreScope = 'shared' | ServiceName;

/** Every scope, `shared` first (it is the lower of a service's two centre layers). */
export const CENTRE_SCOPES: readonly CentreScope[] = ['shared', ...SERVICE_NAMES];

/** True when `value` names a scope of the config centre. */
export function isCentreScope(value: string): value is CentreScope {
  return (CENTRE_SCOPES as readonly string[]).includes(value);
}

/** The overrides one scope holds. */
export interface CentreLayer {
  /** Increases with every write to the scope; 0 for a scope never written. */
  version: number;
  /** Dotted key -> value (`{"comment.sensitiveWords": ["foo"]}`). */
  values: Record<string, unknown>;
}

/** A change to one scope: dotted key -> new value, `null` removes the override. */
export type CentreChanges = Record<string, unknown>;

/** Where a running instance's centre layers came from. */
export type CentreOrigin = 'centre' | 'snapshot' | 'none';

/** What a running instance reports about its configuration (shown by the admin API). */
export interface InstanceConfigStatus {
  service: ServiceName;
  instanceId: string;
  /** The centre versions it has applied. */
  versions: { shared: number; service: number };
  origin: CentreOrigin;
  /** Restart-only keys whose centre value differs from the one this process started with. */
  pendingRestart: string[];
  /** Why the latest change was rejected (the values before it stay in force). */
  lastError?: string;
  /** ISO time of the report. */
  updatedAt: string;
}

/**
 * The remote layer of the configuration (the port). Adapters: {@link FileConfigCentre} (the
 * embedded default: watched files under `dataDir`) and {@link RedisConfigCentre}. Values are
 * stored as given after validation; this port does not validate (see `updateCentreScope`).
 */
export interface ConfigCentreSource {
  /** `file` or `redis`. */
  readonly kind: 'file' | 'redis';
  /** Human-readable location for logs and errors (`Redis at redis://host:6379/0`), no secrets. */
  readonly where: string;
  /** Waits until the centre answers, or rejects within `timeoutMs` with a message naming it. */
  connect(timeoutMs: number): Promise<void>;
  /** Reads scopes together (one consistent view where the backend allows it). */
  read<S extends CentreScope>(scopes: readonly S[]): Promise<Record<S, CentreLayer>>;
  /** Applies `changes` to `scope`, increments its version and notifies watchers. */
  write(scope: CentreScope, changes: CentreChanges): Promise<CentreLayer>;
  /**
   * Calls `listener` whenever any of `scopes` may have changed (notifications may be spurious:
   * the listener re-reads and compares). Returns a function that stops watching.
   */
  watch(scopes: readonly CentreScope[], listener: () => void): () => void;
  /** Records an instance's status (best effort). */
  reportStatus(status: InstanceConfigStatus): Promise<void>;
  /** Removes an instance's status (at shutdown). */
  clearStatus(service: ServiceName, instanceId: string): Promise<void>;
  /** The statuses reported by `service`'s instances, or by every instance. */
  readStatus(service?: ServiceName): Promise<InstanceConfigStatus[]>;
  /** Stops watching and closes connections. */
  close(): Promise<void>;
}

/**
 * Why the centre could not be used: `unreachable` (no answer: the adapter reports the outage
 * itself, once) or `unusable` (it answered, but with something that cannot be used: an
 * unreadable or malformed file, a failed command, a held lock).
 */
export type CentreFailure = 'unreachable' | 'unusable';

/** The centre could not be read or written (unreachable, unreadable file). */
export class ConfigCentreUnavailableError extends Error {
  /** What kind of failure it is; callers branch on this, not on the message. */
  readonly failure: CentreFailure;

  constructor(message: string, options?: { cause?: unknown; failure?: CentreFailure }) {
    super(message, options);
    this.name = 'ConfigCentreUnavailableError';
    this.failure = options?.failure ?? 'unusable';
  }
}
