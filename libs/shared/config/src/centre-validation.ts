import type { z } from 'zod';
import type { CentreLayer, CentreScope } from './config-centre.port';
import { configKey } from './config-keys';
import { type Tree, cloneTree, getPath, isTree, setPath } from './config-tree';
import { type PlatformConfig, platformConfigSchema } from './platform-config.schema';

/** One problem with a value for the config centre. */
export interface CentreProblem {
  /** The dotted key (`comment.sensitiveWords`), or the position in a list (`...sensitiveWords.0`). */
  key: string;
  message: string;
}

/** A change the config centre refuses; nothing was written. */
export class CentreValidationError extends Error {
  constructor(readonly problems: CentreProblem[]) {
    super(
      `Invalid configuration: ${problems.map((p) => (p.key ? `${p.key}: ${p.message}` : p.message)).join('; ')}`,
    );
    this.name = 'CentreValidationError';
  }
}

/** Problems with the keys of a centre layer: each must be a setting the centre may hold. */
export function centreKeyProblems(values: Record<string, unknown>): CentreProblem[] {
  const problems: CentreProblem[] = [];
  for (const key of Object.keys(values)) {
    const info = configKey(key);
    if (!info) problems.push({ key, message: 'unknown key' });
    else if (info.reload === 'local')
      problems.push({
        key,
        message:
          'cannot be set in the config centre (set it in config/*.yaml or its NEWSREEL_* variable)',
      });
  }
  return problems;
}

/**
 * Merges centre layers (lowest first) over a tree of lower layers, without touching either;
 * `sources` gets `config centre <scope> v<version>` for every key a layer sets.
 */
export function mergeCentreLayers(
  base: Tree,
  layers: ReadonlyArray<{ scope: CentreScope; layer: CentreLayer }>,
  sources?: Map<string, string>,
): Tree {
  const tree = cloneTree(base);
  for (const { scope, layer } of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      setPath(tree, key, cloneTree(value));
      sources?.set(key, `config centre ${scope} v${layer.version}`);
    }
  }
  return tree;
}

/** The configuration key a zod issue path belongs to (the longest prefix that is a key). */
function keyOfPath(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    if (configKey(key)) return parts.join('.');
  }
  return parts.join('.');
}

/**
 * Validates centre values the way a service will when they reach it: keys first (known, not
 * local), then every value against the schema, merged over the defaults. Keys are independent
 * in the schema (no rule links two of them), so a value valid here is valid over any lower
 * layers. Returns the parsed configuration, or throws {@link CentreValidationError} naming
 * each bad key with the schema's message.
 */
export function validateCentreValues(
  layers: ReadonlyArray<{ scope: CentreScope; layer: CentreLayer }>,
): PlatformConfig {
  const problems = layers.flatMap(({ layer }) => centreKeyProblems(layer.values));
  if (problems.length > 0) throw new CentreValidationError(problems);
  const result = platformConfigSchema.safeParse(mergeCentreLayers({}, layers));
  if (!result.success) throw new CentreValidationError(result.error.issues.map(describe));
  return result.data;
}

function describe(issue: z.core.$ZodIssue): CentreProblem {
  return { key: keyOfPath(issue.path), message: issue.message };
}

/** Reads back the value of each key as the schema outputs it (coerced, trimmed). */
export function normalisedValues(
  config: PlatformConfig,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => [
      key,
      value === null ? null : cloneTree(getPath(config, key)),
    ]),
  );
}

/** True for a JSON object (the shape of a change). */
export function isChangeObject(value: unknown): value is Tree {
  return isTree(value);
}
