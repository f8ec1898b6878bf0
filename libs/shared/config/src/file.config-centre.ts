import { mkdir, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@newsreel/shared-files';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  type CentreChanges,
  type CentreLayer,
  type CentreScope,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from './config-centre.port';
import { flattenTree, isTree } from './config-tree';
import type { ServiceName } from './platform-config.schema';

/** Options of {@link FileConfigCentre}. */
export interface FileConfigCentreOptions {
  /** How often watched files are checked; default 250 ms. */
  pollMs?: number;
}

const LOCK_WAIT_MS = 3000;
/** A lock older than this was left by a writer that died mid-write. */
const STALE_LOCK_MS = 10_000;

/**
 * The embedded config centre: one YAML file per scope in a directory (`<dataDir>/config-centre/
 * shared.yaml`, `.../comment.yaml`) that every process of one machine shares, like the file
 * registry. A file holds a version counter and the overrides:
 *
 * ```yaml
 * version: 3
 * values:
 *   comment.sensitiveWords: [foo, bar]
 * ```
 *
 * Hand edits are picked up too (nested keys are accepted and flattened); the version only moves
 * when written through the centre. Watching polls `stat` (fs.watch misses events on some file
 * systems and editors that replace files); writes are atomic (temp file + rename) and serialised
 * between processes by a lock file.
 */
export class FileConfigCentre implements ConfigCentreSource {
  readonly kind = 'file' as const;
  readonly where: string;
  private readonly pollMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    /** The directory holding the scope files. */
    readonly dir: string,
    options: FileConfigCentreOptions = {},
  ) {
    this.where = `files under ${dir}`;
    this.pollMs = options.pollMs ?? 250;
  }

  async connect(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw new ConfigCentreUnavailableError(
        `Config centre (${this.where}) cannot be used: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async read<S extends CentreScope>(scopes: readonly S[]): Promise<Record<S, CentreLayer>> {
    const layers = await Promise.all(scopes.map((scope) => this.readScope(scope)));
    return Object.fromEntries(scopes.map((scope, i) => [scope, layers[i]])) as Record<
      S,
      CentreLayer
    >;
  }

  async write(scope: CentreScope, changes: CentreChanges): Promise<CentreLayer> {
    await this.connect();
    const release = await this.lock(scope);
    try {
      const current = await this.readScope(scope);
      const values = { ...current.values };
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) delete values[key];
        else values[key] = value;
      }
      const next: CentreLayer = { version: current.version + 1, values };
      const header =
        `# Config centre overrides for "${scope}". Written by the admin API and \`npm run config\`;\n` +
        '# hand edits are picked up within a second, but do not move the version.\n';
      await writeFileAtomic(this.file(scope), header + stringifyYaml(next));
      return next;
    } finally {
      await release();
    }
  }

  watch(scopes: readonly CentreScope[], listener: () => void): () => void {
    let last: string | undefined;
    let busy = false;
    const check = async () => {
      if (busy) return;
      busy = true;
      try {
        const now = (await Promise.all(scopes.map((s) => signature(this.file(s))))).join('|');
        if (last !== undefined && now !== last) listener();
        last = now;
      } finally {
        busy = false;
      }
    };
    void check();
    const timer = setInterval(() => void check(), this.pollMs);
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  async reportStatus(status: InstanceConfigStatus): Promise<void> {
    const dir = join(this.dir, 'status', status.service);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, `${fileName(status.instanceId)}.json`), JSON.stringify(status));
  }

  async clearStatus(service: ServiceName, instanceId: string): Promise<void> {
    await rm(join(this.dir, 'status', service, `${fileName(instanceId)}.json`), { force: true });
  }

  async readStatus(service?: ServiceName): Promise<InstanceConfigStatus[]> {
    const root = join(this.dir, 'status');
    const services = service ? [service] : await readdir(root).catch(() => [] as string[]);
    const out: InstanceConfigStatus[] = [];
    for (const name of services) {
      const files = await readdir(join(root, name)).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith('.json'))) {
        try {
          out.push(
            JSON.parse(await readFile(join(root, name, file), 'utf8')) as InstanceConfigStatus,
          );
        } catch {
          // removed or half-written meanwhile: the next report replaces it
        }
      }
    }
    return out.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    return Promise.resolve();
  }

  /** The file of a scope. */
  file(scope: CentreScope): string {
    return join(this.dir, `${scope}.yaml`);
  }

  private async readScope(scope: CentreScope): Promise<CentreLayer> {
    const file = this.file(scope);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 0, values: {} };
      throw new ConfigCentreUnavailableError(
        `Config centre file ${file} cannot be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new ConfigCentreUnavailableError(
        `Config centre file ${file} is not valid YAML: ${(error as Error).message}`,
      );
    }
    if (parsed == null) return { version: 0, values: {} };
    const version = isTree(parsed) ? (parsed.version ?? 0) : undefined;
    const values = isTree(parsed) ? (parsed.values ?? {}) : undefined;
    if (!Number.isSafeInteger(version) || (version as number) < 0 || !isTree(values)) {
      throw new ConfigCentreUnavailableError(
        `Config centre file ${file} must hold {version: <integer>, values: <mapping>}`,
      );
    }
    return { version: version as number, values: flattenTree(values) };
  }

  /** A lock file (exclusive create) so two writers cannot lose each other's change. */
  private async lock(scope: CentreScope): Promise<() => Promise<void>> {
    const path = `${this.file(scope)}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(path, 'wx');
        await handle.close();
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await stat(path).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > STALE_LOCK_MS) await rm(path, { force: true });
        else if (Date.now() > deadline)
          throw new ConfigCentreUnavailableError(
            `Config centre file ${this.file(scope)} is locked by another writer (${path})`,
          );
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
}

async function signature(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

function fileName(instanceId: string): string {
  return instanceId.replace(/[^A-Za-z0-9._-]/g, '_');
}
