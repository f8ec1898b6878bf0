import { readFile } from 'node:fs/promises';

/** Reads a process's resident set size in MiB from `/proc` (Linux). */
export async function residentMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for pid ${pid}`);
  return kib / 1024;
}

/**
 * The highest {@link residentMiB} of `pid` seen while `until` is pending, sampled every
 * `intervalMs` (a load test's peak memory).
 */
export async function peakResidentMiB(
  pid: number,
  until: Promise<unknown>,
  intervalMs = 100,
): Promise<number> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  let peak = await residentMiB(pid);
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    peak = Math.max(peak, await residentMiB(pid));
  }
  return peak;
}
