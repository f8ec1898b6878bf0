/**
 * A configured server URL as it may appear in logs, errors and admin views: its password (if
 * any) replaced by `***`. Used for every Redis URL the platform reports (caches, registry,
 * config centre), so no adapter writes its own.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Never echo an unparsable value: it might be a bare password pasted into the wrong setting.
    return '<unparsable Redis URL>';
  }
}
