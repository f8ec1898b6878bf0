import { rename, writeFile } from 'node:fs/promises';

let counter = 0;

/** Writes a file so that readers see the old or the new content, never half of it. */
export async function atomicWrite(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++counter}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
