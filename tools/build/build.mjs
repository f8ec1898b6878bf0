#!/usr/bin/env node
// Compiles apps/, libs/ and tools/ to dist/ with SWC (one pass, ~1 s) instead of tsc (type
// checking is `npm run typecheck`). SWC keeps decorator metadata, which NestJS DI needs and
// esbuild cannot emit. `@newsreel/*` imports are rewritten to relative paths so the output
// runs on plain `node` with no path-mapping hook. Unchanged files are skipped. The browser code
// (apps/web) is built by Vite instead (./web.mjs), also only when it changed.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './web.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outRoot = join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'tools'];
const skip = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;
/** Browser code, bundled by Vite rather than compiled file by file for Node. */
const browserDirs = new Set([join(root, 'apps', 'web')]);

const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
/** alias -> absolute output path of the lib's entry, without extension */
const aliases = new Map(
  Object.entries(compilerOptions.paths ?? {}).map(([alias, [target]]) => [
    alias,
    join(outRoot, target.replace(/\.ts$/, '')),
  ]),
);

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (browserDirs.has(full)) continue;
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !skip.test(entry.name)) yield full;
  }
}

function toRelative(fromFile, absTarget) {
  let rel = relative(dirname(fromFile), absTarget).split(sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

async function isFresh(src, out) {
  try {
    const [s, o] = await Promise.all([stat(src), stat(out)]);
    return o.mtimeMs >= s.mtimeMs;
  } catch {
    return false;
  }
}

const started = Date.now();
let compiled = 0;
let total = 0;
const jobs = [];
for (const dir of sourceDirs) {
  for await (const src of walk(join(root, dir))) {
    total++;
    const out = join(outRoot, relative(root, src)).replace(/\.ts$/, '.js');
    jobs.push(
      (async () => {
        if (await isFresh(src, out)) return;
        const { code, map } = await transformFile(src, {
          swcrc: false,
          sourceMaps: true,
          module: { type: 'commonjs' },
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
        });
        const rewritten = code.replace(/require\((["'])(@newsreel\/[^"']+)\1\)/g, (m, q, spec) => {
          const target = aliases.get(spec);
          return target ? `require(${q}${toRelative(out, target)}${q})` : m;
        });
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, `${rewritten}\n//# sourceMappingURL=${out.split(sep).pop()}.map\n`);
        if (map) await writeFile(`${out}.map`, map);
        compiled++;
      })(),
    );
  }
}
await Promise.all(jobs);
const swcMs = Date.now() - started;
const web = await buildWeb(root);
if (!process.argv.includes('--quiet')) {
  console.log(
    `build: ${compiled}/${total} files compiled to dist/ in ${swcMs} ms; web app ${web}` +
      (web === 'built' ? ` in ${Date.now() - started - swcMs} ms` : ''),
  );
}
