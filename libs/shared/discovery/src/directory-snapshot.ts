import { loadJsonSnapshot, saveJsonSnapshot } from '@newsreel/shared-files';
import { type InstancesByService, serviceInstanceSchema, sortInstances } from './service-instance';

/** The file a caller keeps its last known instance lists in. */
export interface SavedDirectory {
  /** When it was written (ISO 8601). */
  savedAt: string;
  /** Which registry the lists came from. */
  registry: string;
  services: InstancesByService;
}

/** Writes the snapshot atomically (creating its directory), so a crash never leaves half a file. */
export function saveDirectorySnapshot(file: string, snapshot: SavedDirectory): Promise<void> {
  return saveJsonSnapshot(file, snapshot);
}

/**
 * Reads a snapshot; `undefined` when there is none or it is unreadable. Records that do not
 * validate are left out (a hand-edited or older file must not crash a start-up).
 */
export async function loadDirectorySnapshot(file: string): Promise<SavedDirectory | undefined> {
  try {
    const parsed = (await loadJsonSnapshot(file)) as Partial<SavedDirectory> | undefined;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.services !== 'object')
      return undefined;
    const services: InstancesByService = {};
    for (const [service, list] of Object.entries(parsed.services ?? {})) {
      if (!Array.isArray(list)) continue;
      services[service] = sortInstances(
        list.flatMap((item: unknown) => {
          const valid = serviceInstanceSchema.safeParse(item);
          return valid.success && valid.data.service === service ? [valid.data] : [];
        }),
      );
    }
    return {
      savedAt: typeof parsed.savedAt === 'string' ? parsed.savedAt : 'unknown',
      registry: typeof parsed.registry === 'string' ? parsed.registry : 'unknown',
      services,
    };
  } catch {
    return undefined;
  }
}
