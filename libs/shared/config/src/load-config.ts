import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ENV_BINDINGS, META_ENV } from './env-bindings';
import {
  DEV_ADMIN_PASSWORD,
  DEV_JWT_SECRET,
  type PlatformConfig,
  type ServiceName,
  platformConfigSchema,
} from './platform-config.schema';

/** A configuration problem found at start; the message names the key and where it came from. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The process being configured; selects `config/<service>.yaml`. */
  service?: ServiceName;
  /** Environment to read; defaults to `process.env` (the only place the platform reads it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides `NEWSREEL_CONFIG_DIR` / `./config`. */
  configDir?: string;
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `layer` into `target`, recording each leaf's source. */
function mergeLayer(
  target: Tree,
  layer: Tree,
  source: string,
  sources: Map<string, string>,
  prefix = '',
) {
  for (const [key, value] of Object.entries(layer)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) {
      const child = isTree(target[key]) ? target[key] : {};
      target[key] = child;
      mergeLayer(child, value, source, sources, path);
    } else {
      target[key] = value;
      sources.set(path, source);
    }
  }
}

function setPath(tree: Tree, path: string, value: unknown) {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

function readYaml(file: string): Tree | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: not valid YAML (${(error as Error).message})`]);
  }
  if (parsed == null) return undefined;
  if (!isTree(parsed)) throw new ConfigError([`${file}: the top level must be a mapping`]);
  return parsed;
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>): string {
  const base = issue.path.map(String).join('.');
  const keys =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => (base ? `${base}.${k}` : k))
      : [base];
  return keys
    .map((key) => {
      const source = sources.get(key) ?? [...sources].find(([k]) => k.startsWith(`${key}.`))?.[1];
      const what = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
      return `${key || '(root)'}${source ? ` (from ${source})` : ''}: ${what}`;
    })
    .join('; ');
}

/**
 * Loads and validates the configuration, layered: schema defaults < `config/default.yaml`
 * < `config/<service>.yaml` < `NEWSREEL_*` environment variables. Throws {@link ConfigError}
 * naming every bad key, so a process fails fast at start instead of misbehaving later.
 */
export function loadConfig(options: LoadConfigOptions = {}): PlatformConfig {
  const env = options.env ?? process.env;
  const configDir = resolve(options.configDir ?? env[META_ENV.configDir] ?? 'config');
  const merged: Tree = {};
  const sources = new Map<string, string>();

  const files = ['default.yaml', ...(options.service ? [`${options.service}.yaml`] : [])];
  for (const name of files) {
    const file = join(configDir, name);
    const layer = readYaml(file);
    if (layer) mergeLayer(merged, layer, file, sources);
  }

  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env];
    if (raw === undefined || raw === '') continue;
    const value =
      binding.kind === 'list'
        ? raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : raw;
    setPath(merged, binding.key, value);
    sources.set(binding.key, `${binding.env}=${JSON.stringify(raw)}`);
  }

  const result = platformConfigSchema.safeParse(merged);
  if (!result.success)
    throw new ConfigError(result.error.issues.map((i) => describeIssue(i, sources)));
  const config = result.data;
  if (config.env === 'production' && config.auth.jwtSecret === DEV_JWT_SECRET) {
    throw new ConfigError([
      'auth.jwtSecret: the development default cannot be used in production (set NEWSREEL_JWT_SECRET)',
    ]);
  }
  if (config.env === 'production' && config.auth.adminPassword === DEV_ADMIN_PASSWORD) {
    throw new ConfigError([
      'auth.adminPassword: the development default cannot be used in production (set NEWSREEL_ADMIN_PASSWORD)',
    ]);
  }
  config.instanceId ??= `${options.service ?? 'process'}-${process.pid}-${randomBytes(2).toString('hex')}`;
  return config;
}

/**
 * The environment for a child process: this process's environment plus `overrides`. The dev
 * launcher uses it so that only this lib touches `process.env`.
 */
export function childEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
