import type { z } from 'zod';
import { type ConfigKeyMeta, type ReloadMode, configKeyRegistry } from './config-key.registry';
import { platformConfigSchema } from './platform-config.schema';

/** One settable key of {@link PlatformConfig}, as the config centre and its tools see it. */
export interface ConfigKeyInfo {
  /** Dotted key (`comment.sensitiveWords`). */
  key: string;
  /** How a change reaches a running process (declared in the schema). */
  reload: ReloadMode;
  /** The value is a list (the CLI and environment variables split text on commas). */
  list: boolean;
}

// Wrappers that do not change what a key holds: look through them to the key's own type.
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch']);

function walk(schema: z.ZodType, prefix: string, inherited: ConfigKeyMeta | undefined) {
  const out: ConfigKeyInfo[] = [];
  let node: z.ZodType = schema;
  let meta = inherited;
  for (;;) {
    meta = configKeyRegistry.get(node) ?? meta;
    const def = node._zod.def as { type: string; innerType?: z.ZodType };
    if (!WRAPPERS.has(def.type) || !def.innerType) break;
    node = def.innerType;
  }
  const def = node._zod.def as { type: string; shape?: Record<string, z.ZodType> };
  if (def.type === 'object' && def.shape) {
    for (const [name, child] of Object.entries(def.shape))
      out.push(...walk(child, prefix ? `${prefix}.${name}` : name, meta));
  } else {
    out.push({ key: prefix, reload: meta?.reload ?? 'restart', list: def.type === 'array' });
  }
  return out;
}

let cached: readonly ConfigKeyInfo[] | undefined;
let byKey: ReadonlyMap<string, ConfigKeyInfo> | undefined;

/** Every leaf key of the configuration with its reload mode, in schema order. */
export function configKeys(): readonly ConfigKeyInfo[] {
  cached ??= Object.freeze(walk(platformConfigSchema, '', undefined));
  return cached;
}

/** What the schema declares about `key`; `undefined` for a key that is not a setting. */
export function configKey(key: string): ConfigKeyInfo | undefined {
  byKey ??= new Map(configKeys().map((info) => [info.key, info]));
  return byKey.get(key);
}

/** The keys applied while running, without a restart. */
export function hotKeys(): string[] {
  return configKeys()
    .filter((info) => info.reload === 'hot')
    .map((info) => info.key);
}

/** True when a change of `key` is applied while running. */
export function isHotKey(key: string): boolean {
  return configKey(key)?.reload === 'hot';
}
