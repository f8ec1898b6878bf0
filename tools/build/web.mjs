// Builds the web app and learner console (apps/web) with Vite into dist/web, which the gateway
// serves. Skipped when no source changed since the last build (the stamp file records the
// newest source time), so `npm start` costs nothing extra on an unchanged tree.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

async function newestMtime(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const time = entry.isDirectory() ? await newestMtime(full) : (await stat(full)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** Returns what happened: `built`, `fresh` (skipped) or `unavailable` (no Vite installed). */
export async function buildWeb(root) {
  const sources = join(root, 'apps', 'web');
  const stamp = join(root, 'dist', 'web', '.build-stamp');
  const newest = Math.max(
    await newestMtime(sources),
    (await stat(join(root, 'package-lock.json'))).mtimeMs,
  );
  const built = await stat(stamp).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= newest) return 'fresh';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    return 'unavailable'; // a production install (npm ci --omit=dev) serves the dist/web it was given
  }
  await vite.build({ configFile: join(sources, 'vite.config.mts'), logLevel: 'warn' });
  await writeFile(stamp, `${new Date().toISOString()}\n`);
  return 'built';
}
