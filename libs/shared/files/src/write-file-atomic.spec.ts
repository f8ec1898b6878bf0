import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic } from './write-file-atomic';

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsreel-files-'));

  it('replaces the content of a file and leaves no temporary file behind', async () => {
    const file = join(dir, 'state.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes bytes as they are', async () => {
    const file = join(dir, 'bytes.bin');
    await writeFileAtomic(file, Uint8Array.from([0, 255, 7]));
    expect([...readFileSync(file)]).toEqual([0, 255, 7]);
  });

  it('fails, and cleans up, when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('syncs a directory, and refuses one that does not exist', async () => {
    await expect(fsyncDir(dir)).resolves.toBeUndefined();
    await expect(fsyncDir(join(dir, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});
