import {
  CentreValidationError,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  configKey,
  configKeys,
  describeCentreScope,
  isCentreScope,
  splitList,
  updateCentreScope,
  CENTRE_SCOPES,
} from '@newsreel/shared-config';

/** Where the CLI writes; the tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 done, 1 refused or the centre failed, 2 wrong usage. */
export const USAGE = `Usage: npm run config -- <command>

  get <scope> [key]                 the scope's overrides (or one key), version and instances
  set <scope> key=value [...]       change overrides (validated first; nothing is written if any is bad)
  unset <scope> key [...]           remove overrides
  keys                              every key and how a change applies (hot, restart, local)

<scope> is shared or a service: ${CENTRE_SCOPES.filter((s) => s !== 'shared').join(', ')}.
Values are JSON when they parse as JSON (10, true, "text", ["a","b"]), text otherwise; list keys
also take comma-separated text, quoted or not: set comment comment.sensitiveWords=foo,bar
('comment.sensitiveWords=""' is the empty list)
The centre is the one the configuration names (configCentre.source, NEWSREEL_CONFIG_CENTRE).`;

/**
 * Parses the text of `key=value` into the value sent to the centre: JSON when it parses, a list
 * split on commas for list keys (as for `NEWSREEL_*` list variables), the text otherwise.
 */
export function parseCliValue(key: string, raw: string): unknown {
  const trimmed = raw.trim();
  const list = configKey(key)?.list === true;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (!list || Array.isArray(parsed) || parsed === null) return parsed;
    // A JSON string for a list key is its comma-separated text: `""` is the empty list, not
    // the two-character word `""`.
    if (typeof parsed === 'string') return splitList(parsed);
  } catch {
    // not JSON: text
  }
  return list ? splitList(raw) : raw;
}

/** Runs one command against `centre`; returns the exit code. */
export async function runConfigCli(
  args: readonly string[],
  centre: ConfigCentreSource,
  io: CliIo,
): Promise<number> {
  const [command, scope, ...rest] = args;
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  if (command === 'keys') {
    for (const info of configKeys())
      io.out(`${info.reload.padEnd(8)}${info.key}${info.list ? ' (list)' : ''}`);
    return 0;
  }
  if (!['get', 'set', 'unset'].includes(command ?? ''))
    return usage(io, command ? `unknown command "${command}"` : undefined);
  if (!scope || !isCentreScope(scope))
    return usage(io, scope ? `unknown scope "${scope}"` : 'a scope is required');

  try {
    if (command === 'get') {
      const view = await describeCentreScope(centre, scope);
      const { keys: _keys, ...summary } = view;
      if (rest.length === 0) print(summary);
      else
        for (const key of rest) {
          const info = configKey(key);
          if (!info) return usage(io, `unknown key "${key}"`);
          print({
            service: scope,
            version: view.version,
            key,
            reload: info.reload,
            set: Object.hasOwn(view.values, key),
            value: view.values[key] ?? null,
            ...(view.shared && Object.hasOwn(view.shared.values, key)
              ? { shared: view.shared.values[key] }
              : {}),
          });
        }
      return 0;
    }
    if (rest.length === 0)
      return usage(io, `${command} needs at least one ${command === 'set' ? 'key=value' : 'key'}`);
    const changes: Record<string, unknown> = {};
    for (const arg of rest) {
      if (command === 'unset') {
        changes[arg] = null;
        continue;
      }
      const at = arg.indexOf('=');
      if (at <= 0) return usage(io, `"${arg}" is not key=value`);
      const key = arg.slice(0, at);
      changes[key] = parseCliValue(key, arg.slice(at + 1));
    }
    print(await updateCentreScope(centre, scope, changes));
    return 0;
  } catch (error) {
    if (error instanceof CentreValidationError) {
      io.err('config: refused, nothing was written:');
      for (const p of error.problems) io.err(`  - ${p.key ? `${p.key}: ` : ''}${p.message}`);
      return 1;
    }
    if (error instanceof ConfigCentreUnavailableError) {
      io.err(`config: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function usage(io: CliIo, problem?: string): number {
  if (problem) io.err(`config: ${problem}\n`);
  io.err(USAGE);
  return 2;
}
