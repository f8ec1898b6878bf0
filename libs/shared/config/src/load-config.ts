import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type Tree, isTree, mergeLayer, setPath } from './config-tree';
import { ENV_BINDINGS, META_ENV } from './env-bindings';
import {
  DEV_ADMIN_PASSWORD,
  DEV_JWT_SECRET,
  DEV_RPC_SECRET,
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

/**
 * The static layers (schema defaults excluded): `config/*.yaml` and `NEWSREEL_*` variables merged
 * into one tree, with where each key came from, before validation. The config centre merges its
 * layers over this tree.
 */
export interface StaticLayers {
  tree: Tree;
  /** Dotted key -> its source (`/repo/config/default.yaml`, `NEWSREEL_X="1"`), for messages. */
  sources: Map<string, string>;
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

function describeIssue(issue: z.core.$ZodIssue, sources: ReadonlyMap<string, string>): string {
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

/** Splits a list value written as text (`a, b,`) on commas: environment variables, the CLI. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads `config/default.yaml`, `config/<service>.yaml` and the `NEWSREEL_*` variables. */
export function readStaticLayers(options: LoadConfigOptions = {}): StaticLayers {
  const env = options.env ?? process.env;
  const configDir = resolve(options.configDir ?? env[META_ENV.configDir] ?? 'config');
  const tree: Tree = {};
  const sources = new Map<string, string>();

  const files = ['default.yaml', ...(options.service ? [`${options.service}.yaml`] : [])];
  for (const name of files) {
    const file = join(configDir, name);
    const layer = readYaml(file);
    if (layer) mergeLayer(tree, layer, file, sources);
  }

  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env];
    if (raw === undefined || raw === '') continue;
    setPath(tree, binding.key, binding.kind === 'list' ? splitList(raw) : raw);
    sources.set(binding.key, `${binding.env}=${JSON.stringify(raw)}`);
  }
  return { tree, sources };
}

/**
 * Validates a merged tree against the schema (defaults fill the gaps) and the rules the schema
 * cannot express (no development secrets in production). Throws {@link ConfigError} naming each
 * bad key and, from `sources`, where it was set.
 */
export function validateConfigTree(
  tree: Tree,
  sources: ReadonlyMap<string, string> = new Map(),
): PlatformConfig {
  const result = platformConfigSchema.safeParse(tree);
  if (!result.success)
    throw new ConfigError(result.error.issues.map((i) => describeIssue(i, sources)));
  const config = result.data;
  if (config.env === 'production' && config.auth.jwtSecret === DEV_JWT_SECRET) {
    throw new ConfigError([
      'auth.jwtSecret: the development default cannot be used in production (set NEWSREEL_JWT_SECRET)',
    ]);
  }
  if (config.env === 'production' && config.auth.rpcSecret === DEV_RPC_SECRET) {
    throw new ConfigError([
      'auth.rpcSecret: the development default cannot be used in production (set NEWSREEL_RPC_SECRET)',
    ]);
  }
  if (config.env === 'production' && config.auth.adminPassword === DEV_ADMIN_PASSWORD) {
    throw new ConfigError([
      'auth.adminPassword: the development default cannot be used in production (set NEWSREEL_ADMIN_PASSWORD)',
    ]);
  }
  return config;
}

/** The instance id of a process whose configuration names none. */
export function generatedInstanceId(service: ServiceName | undefined): string {
  return `${service ?? 'process'}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/**
 * Loads and validates the configuration, layered: schema defaults < `config/default.yaml`
 * < `config/<service>.yaml` < `NEWSREEL_*` environment variables. Throws {@link ConfigError}
 * naming every bad key, so a process fails fast at start instead of misbehaving later.
 *
 * Synchronous and without the config centre: for the launcher and tools. Services start with
 * {@link startLiveConfig}, which adds the centre's layers on top.
 */
export function loadConfig(options: LoadConfigOptions = {}): PlatformConfig {
  const { tree, sources } = readStaticLayers(options);
  const config = validateConfigTree(tree, sources);
  config.instanceId ??= generatedInstanceId(options.service);
  return config;
}

/**
 * The environment for a child process: this process's environment plus `overrides`. The dev
 * launcher uses it so that only this lib touches `process.env`.
 */
export function childEnvironment(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
