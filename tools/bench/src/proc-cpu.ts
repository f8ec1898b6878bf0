import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/**
 * User + system CPU milliseconds that processes `pids` have used so far (10 ms resolution), or
 * `undefined` where /proc is not there (not Linux) or a process is gone.
 */
export function cpuMs(pids: readonly number[]): number | undefined {
  try {
    let ms = 0;
    for (const pid of pids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): utime is 14th, stime 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
    }
    return ms;
  } catch {
    return undefined;
  }
}
