/** Turns one JSON log line of a child into a short readable line; other lines pass through. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.msg !== 'string') return line;
  const { level, time, msg, service: _s, instanceId: _i, context: _c, err, stack, ...rest } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const lvl = (typeof level === 'string' ? level : 'info').toUpperCase().padEnd(5);
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  const errStack = (err as { stack?: unknown } | undefined)?.stack;
  const errText =
    typeof stack === 'string'
      ? `\n${stack}`
      : typeof errStack === 'string'
        ? `\n${errStack}`
        : err
          ? `\n${JSON.stringify(err)}`
          : '';
  return `${clock} ${lvl} ${msg}${extra}${errText}`;
}
