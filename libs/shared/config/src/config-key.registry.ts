import { z } from 'zod';

/**
 * How a change of a key reaches a running process:
 * - `hot`: applied in place while running (subscribers are told the old and new value);
 * - `restart`: taken at the next start; a running process reports it as pending restart;
 * - `local`: never from the config centre, only from `config/*.yaml` and the environment: the
 *   keys that say where the centre is (a remote layer cannot locate itself), the process's
 *   identity and data directory, and secrets (they belong in a secret store, not in a place
 *   every admin can read).
 */
export type ReloadMode = 'hot' | 'restart' | 'local';

/** What the schema declares about one key, beside its type. */
export interface ConfigKeyMeta {
  reload: ReloadMode;
}

/**
 * Registry the schema declares reload modes in (`.register(configKeyRegistry, HOT)`), so the
 * declaration sits next to the key's type and default and cannot drift from them. Keys not
 * registered are `restart`; a mode registered on an object applies to every key inside it.
 */
export const configKeyRegistry = z.registry<ConfigKeyMeta>();

/** Applied while running. */
export const HOT: ConfigKeyMeta = { reload: 'hot' };
/** Never set through the config centre. */
export const LOCAL: ConfigKeyMeta = { reload: 'local' };
