import { loadJsonSnapshot, saveJsonSnapshot } from '@newsreel/shared-files';
import type { CentreLayer } from './config-centre.port';
import { isTree } from './config-tree';

/** The centre layers a service last applied, kept on local disk for a start without the centre. */
export interface ConfigSnapshot {
  /** ISO time it was written. */
  savedAt: string;
  /** The centre it came from (`Redis at redis://...`). */
  where: string;
  shared: CentreLayer;
  service: CentreLayer;
}

/** Writes the snapshot atomically (temp file + rename): a crash leaves the old one. */
export function saveConfigSnapshot(file: string, snapshot: ConfigSnapshot): Promise<void> {
  return saveJsonSnapshot(file, snapshot);
}

/** Reads a snapshot; `undefined` when there is none, an error when it is unreadable. */
export async function loadConfigSnapshot(file: string): Promise<ConfigSnapshot | undefined> {
  const parsed = await loadJsonSnapshot(file);
  if (parsed === undefined) return undefined;
  const layer = (value: unknown): value is CentreLayer =>
    isTree(value) && typeof value.version === 'number' && isTree(value.values);
  if (!isTree(parsed) || !layer(parsed.shared) || !layer(parsed.service))
    throw new Error(`${file} is not a config snapshot`);
  return parsed as unknown as ConfigSnapshot;
}
