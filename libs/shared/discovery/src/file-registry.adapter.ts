import { mkdir, readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@newsreel/shared-files';
import { type PollingWatch, pollRegistry } from './polling-watch';
import {
  type InstanceRegistration,
  type InstancesByService,
  SERVICE_NAME_PATTERN,
  type ServiceInstance,
  instanceRegistrationSchema,
  serviceInstanceSchema,
  sortInstances,
} from './service-instance';
import {
  ALL_SERVICES,
  type RegistryListener,
  RegistryUnavailableError,
  type ServiceRegistry,
} from './service-registry.port';

/** Options of {@link FileRegistry}. */
export interface FileRegistryOptions {
  /** The registry directory (`<dataDir>/registry`); created on first use if absent. */
  directory: string;
  /** How long a record stays valid after its last heartbeat. */
  ttlMs: number;
  /** How often watchers read the directory; default 250 ms. */
  pollMs?: number;
  /** Current time (tests). */
  now?: () => number;
}

/** A record as stored on disk: the instance plus when it expires (the writer's TTL). */
interface StoredRecord extends ServiceInstance {
  expiresAt: string;
}

/**
 * The embedded registry: one JSON file per instance, `<directory>/<service>/<instanceId>.json`,
 * written atomically (temp file + rename) on register and every heartbeat, deleted on
 * deregister. A record past its `expiresAt` is ignored, and deleted by the next reader once it
 * has been expired for another TTL (a kill -9 leaves its file behind). Every process of one
 * machine that shares `dataDir` shares the registry.
 *
 * The directory is created once, on first use. After that, a missing directory, a regular file
 * in its place or an unreadable one is a {@link RegistryUnavailableError}, never "no instances":
 * that is how an outage of this registry is simulated and recognised (chmod would not do, since
 * root reads through it).
 */
export class FileRegistry implements ServiceRegistry {
  readonly kind = 'file' as const;
  readonly description: string;
  private readonly pollMs: number;
  private readonly now: () => number;
  private created?: Promise<void>;
  private readonly watches = new Set<PollingWatch>();

  constructor(private readonly options: FileRegistryOptions) {
    this.description = `file registry at ${options.directory}`;
    this.pollMs = options.pollMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  async register(instance: InstanceRegistration): Promise<void> {
    await this.write(instance);
  }

  async heartbeat(instance: InstanceRegistration): Promise<void> {
    await this.write(instance);
  }

  async deregister({ service, instanceId }: Pick<ServiceInstance, 'service' | 'instanceId'>) {
    await this.checkRoot();
    try {
      await unlink(this.recordFile(service, instanceId));
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') throw this.unavailable('cannot remove a record', error);
    }
  }

  async list(service: string): Promise<ServiceInstance[]> {
    await this.checkRoot();
    return this.readService(service);
  }

  async listAll(): Promise<InstancesByService> {
    await this.checkRoot();
    let entries;
    try {
      entries = await readdir(this.options.directory, { withFileTypes: true });
    } catch (error) {
      throw this.unavailable('cannot read the directory', error);
    }
    const result: InstancesByService = {};
    for (const entry of entries) {
      if (!entry.isDirectory() || !SERVICE_NAME_PATTERN.test(entry.name)) continue;
      result[entry.name] = await this.readService(entry.name);
    }
    return result;
  }

  watch(service: string, listener: RegistryListener): () => void {
    const read =
      service === ALL_SERVICES
        ? () => this.listAll()
        : async () => ({ [service]: await this.list(service) });
    const watch = pollRegistry(read, listener, this.pollMs);
    this.watches.add(watch);
    return () => {
      watch.stop();
      this.watches.delete(watch);
    };
  }

  close(): Promise<void> {
    for (const watch of this.watches) watch.stop();
    this.watches.clear();
    return Promise.resolve();
  }

  private async write(instance: InstanceRegistration): Promise<void> {
    const valid = instanceRegistrationSchema.parse(instance);
    await this.checkRoot();
    const dir = join(this.options.directory, valid.service);
    try {
      // Not recursive: if the registry directory itself is gone, this fails (an outage) instead
      // of quietly re-creating it.
      await mkdir(dir);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST')
        throw this.unavailable('cannot create a service folder', error);
    }
    const now = this.now();
    const record: StoredRecord = {
      ...valid,
      lastHeartbeat: new Date(now).toISOString(),
      expiresAt: new Date(now + this.options.ttlMs).toISOString(),
    };
    try {
      await writeFileAtomic(
        this.recordFile(valid.service, valid.instanceId),
        JSON.stringify(record),
      );
    } catch (error) {
      throw this.unavailable('cannot write a record', error);
    }
  }

  /** Creates the directory on first use, then insists that it is (still) a directory. */
  private async checkRoot(): Promise<void> {
    const { directory } = this.options;
    this.created ??= mkdir(directory, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.created = undefined; // try again next time (the outage may be over)
        throw this.unavailable('cannot create the directory', error);
      },
    );
    await this.created;
    let info;
    try {
      info = await stat(directory);
    } catch (error) {
      throw this.unavailable(
        codeOf(error) === 'ENOENT' ? 'the directory is missing' : 'cannot stat the directory',
        error,
      );
    }
    if (!info.isDirectory()) throw this.unavailable('it is not a directory');
  }

  private async readService(service: string): Promise<ServiceInstance[]> {
    if (!SERVICE_NAME_PATTERN.test(service)) return [];
    const dir = join(this.options.directory, service);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      // The root was just checked: a service nobody registered yet simply has no folder.
      if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return [];
      throw this.unavailable(`cannot read ${service}/`, error);
    }
    const now = this.now();
    const live: ServiceInstance[] = [];
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      const file = join(dir, name);
      let raw: string;
      try {
        raw = await readFile(file, 'utf8');
      } catch (error) {
        // Deregistered while we listed, or not a record at all.
        if (codeOf(error) === 'ENOENT' || codeOf(error) === 'EISDIR') continue;
        throw this.unavailable(`cannot read ${service}/${name}`, error);
      }
      const record = parseRecord(raw);
      if (!record || record.service !== service) continue;
      const expiresAt = Date.parse(record.expiresAt);
      if (expiresAt > now) {
        const { expiresAt: _expires, ...instance } = record;
        live.push(instance);
      } else if (expiresAt + this.options.ttlMs < now) {
        // Long dead (a kill -9): tidy up. Waiting another TTL keeps this from racing a live
        // instance's heartbeat that is rewriting the file right now.
        await unlink(file).catch(() => undefined);
      }
    }
    return sortInstances(live);
  }

  private recordFile(service: string, instanceId: string): string {
    return join(this.options.directory, service, `${instanceId}.json`);
  }

  private unavailable(problem: string, cause?: unknown): RegistryUnavailableError {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    return new RegistryUnavailableError(`${this.description}: ${problem}${reason}`, { cause });
  }
}

function parseRecord(raw: string): StoredRecord | undefined {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const { expiresAt, ...rest } = value;
    const instance = serviceInstanceSchema.safeParse(rest);
    if (!instance.success || typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))
      return undefined;
    return { ...instance.data, expiresAt };
  } catch {
    return undefined;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
