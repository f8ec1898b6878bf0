import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `file` so that a reader sees the old or the new content, never half of it,
 * and so that what was written survives a crash once the promise resolves:
 *
 * 1. write a temporary file in the same directory (`rename` is atomic only on one file system);
 * 2. `fsync` it, so its bytes are on disk before its name is;
 * 3. `rename` it over `file`;
 * 4. `fsync` the directory, so the new directory entry is on disk too.
 *
 * Without steps 2 and 4 a power loss after the rename can leave an empty or old file behind.
 * The temporary name starts with a dot and ends in `.tmp`, so directory readers skip it.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temp = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await withHandle(temp, 'w', async (handle) => {
      await handle.writeFile(content, typeof content === 'string' ? 'utf8' : undefined);
      await handle.sync();
    });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dirname(file));
}

/**
 * `fsync`s a directory, so an entry created, renamed or removed in it survives a crash (syncing
 * a file's content does not persist its directory entry on Linux file systems). A no-op where
 * the platform refuses to sync directories (Windows); the file's own content is synced anyway.
 */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    await withHandle(dir, 'r', (handle) => handle.sync());
  } catch (error) {
    if (!isUnsupportedDirSync(error)) throw error;
  }
}

async function withHandle<T>(
  path: string,
  flags: string,
  use: (handle: FileHandle) => Promise<T>,
): Promise<T> {
  const handle = await open(path, flags);
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

function isUnsupportedDirSync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF';
}
