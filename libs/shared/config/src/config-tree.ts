// Plain-object helpers shared by the static loader and the config centre. Not exported from the
// lib: callers see dotted keys and typed config, not these trees.

/** A nested plain object, as YAML files and the merged layers are before validation. */
export type Tree = Record<string, unknown>;

/** True for a plain object (not an array, not null). */
export function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `layer` into `target`, recording each leaf's source. */
export function mergeLayer(
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

/** Sets a dotted key, creating the objects on the way. */
export function setPath(tree: Tree, path: string, value: unknown) {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

/** The value at a dotted key, `undefined` when any part of the way is missing. */
export function getPath(tree: unknown, path: string): unknown {
  let node = tree;
  for (const key of path.split('.')) {
    if (!isTree(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy deep enough for config values (plain objects, arrays, scalars). */
export function cloneTree<T>(value: T): T {
  return structuredClone(value);
}

/**
 * `{a: {b: 1}, 'c.d': 2}` -> `{'a.b': 1, 'c.d': 2}`: a hand-written centre file may nest keys
 * like `config/*.yaml` or use dotted keys like the admin API. Arrays are leaves.
 */
export function flattenTree(tree: Tree, prefix = '', out: Record<string, unknown> = {}) {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) flattenTree(value, path, out);
    else out[path] = value;
  }
  return out;
}

/** Structural equality of config values (JSON-like data only). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isTree(a) && isTree(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
    );
  }
  return false;
}
