#!/usr/bin/env node
// Runs Vitest (all projects, or the arguments given) and ends with one plain summary line,
// `tests: N passed, N failed, N skipped`, that any CI can read without parsing Vitest's
// coloured output. The exit code is Vitest's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'newsreel-vitest-'));
const report = join(dir, 'report.json');
const vitest = join(import.meta.dirname, '..', '..', 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
let summary = 'tests: no report (Vitest did not finish)';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`;
  const failedFiles = (r.testResults ?? []).filter((file) => file.status === 'failed').length;
  if (failedFiles) summary += ` (${failedFiles} of ${r.testResults.length} files failed)`;
} catch {
  // keep the "no report" line
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(summary);
process.exit(run.status ?? 1);
