import { SERVICE_NAMES, type ServiceName } from '@newsreel/shared-config';

/**
 * Reads `--scale video=2` (repeatable, or `--scale video=2,like=3`, or `--scale=video=2`) from
 * the launcher's arguments. Throws a usage message naming the bad part.
 */
export function parseScale(args: readonly string[]): Partial<Record<ServiceName, number>> {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === '--scale') {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new Error('--scale needs <service>=<count>, e.g. --scale video=2');
      }
      values.push(next);
    } else if (arg.startsWith('--scale=')) {
      values.push(arg.slice('--scale='.length));
    }
  });
  const scale: Partial<Record<ServiceName, number>> = {};
  for (const part of values.flatMap((v) => v.split(','))) {
    const [name, count] = part.split('=');
    if (!SERVICE_NAMES.includes(name as ServiceName)) {
      throw new Error(
        `--scale ${part}: unknown service "${name}" (one of ${SERVICE_NAMES.join(', ')})`,
      );
    }
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 9) {
      throw new Error(`--scale ${part}: the count must be an integer from 1 to 9`);
    }
    scale[name as ServiceName] = n;
  }
  return scale;
}
