import * as fs from 'node:fs';
import { dirname } from 'node:path';

/**
 * fsyncs a directory so a created, renamed or deleted entry in it survives a crash (file
 * contents being synced is not enough for the directory entry on Linux filesystems).
 */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms/filesystems refuse fsync on directories; the data files are still synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a small file atomically and durably: temp file, fsync, rename over, fsync the directory.
 *
 * The same rule as `writeFileAtomic` of `@newsreel/shared-files`, kept as a copy on purpose: the
 * broker imports nothing from the workspace, so it can be lifted out and run on its own, and its
 * storage is synchronous (the log appends and this metadata write happen in one tick).
 */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
  fsyncDir(dirname(path));
}
