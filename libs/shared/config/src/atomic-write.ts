import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `file` so that a reader sees the old or the new content, never half of it:
 * a temporary file in the same directory, then `rename` (atomic on one file system). The
 * temporary name starts with a dot and ends in `.tmp`, so directory readers skip it.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
