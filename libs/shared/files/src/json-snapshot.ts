import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './write-file-atomic';

/**
 * Saves `snapshot` as indented JSON, creating its directory, atomically (temporary file +
 * rename): a crash leaves the previous snapshot, never half a file. For the local copies that
 * let a process start while a remote source (config centre, registry) is down.
 */
export async function saveJsonSnapshot(file: string, snapshot: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}

/**
 * Reads a snapshot written by {@link saveJsonSnapshot}: the parsed JSON (for the caller to
 * check), `undefined` when there is no file. Throws when it cannot be read or is not JSON.
 */
export async function loadJsonSnapshot(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}
