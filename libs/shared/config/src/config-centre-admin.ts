import {
  type CentreChanges,
  type CentreLayer,
  type CentreScope,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from './config-centre.port';
import { type ConfigKeyInfo, configKey, configKeys } from './config-keys';
import {
  CentreValidationError,
  centreKeyProblems,
  isChangeObject,
  normalisedValues,
  validateCentreValues,
} from './centre-validation';

/** What the admin API and the CLI show for one scope of the config centre. */
export interface CentreScopeView {
  /** `shared` or a service name. */
  service: CentreScope;
  /** Where the centre is (`Redis at redis://...`, `files under /...`). */
  centre: string;
  version: number;
  /** The overrides this scope holds (dotted keys). */
  values: Record<string, unknown>;
  /** For a service: the shared layer beneath its own (its values apply unless overridden). */
  shared?: CentreLayer;
  /** Every key and how a change reaches a running service (`local` keys cannot be set here). */
  keys: ConfigKeyInfo[];
  /** What each running instance reports: versions applied, restart-only keys pending, errors. */
  instances: InstanceConfigStatus[];
}

/** The outcome of {@link updateCentreScope}. */
export interface CentreUpdateResult {
  service: CentreScope;
  /** The scope's version after the write. */
  version: number;
  values: Record<string, unknown>;
  /** Changed keys that running services apply at once. */
  hot: string[];
  /** Changed keys that take effect when each service restarts. */
  pendingRestart: string[];
}

/** At most this many keys in one change (the schema has fewer). */
const MAX_KEYS = 200;

/** Reads one scope with its key catalogue and the status of the instances it concerns. */
export async function describeCentreScope(
  centre: ConfigCentreSource,
  scope: CentreScope,
): Promise<CentreScopeView> {
  const scopes: CentreScope[] = scope === 'shared' ? ['shared'] : ['shared', scope];
  const layers = await centre.read(scopes);
  const instances = await centre.readStatus(scope === 'shared' ? undefined : scope);
  return {
    service: scope,
    centre: centre.where,
    version: layers[scope].version,
    values: layers[scope].values,
    ...(scope === 'shared' ? {} : { shared: layers.shared }),
    keys: [...configKeys()],
    instances,
  };
}

/**
 * Checks a change for one scope without writing it: `changes` must be an object of dotted keys
 * to values (`null` removes an override); each key must be a setting the centre may hold, and
 * the scope's values after the change must pass the schema. Returns the change with values as
 * the schema outputs them (so `"10"` is stored as `10`). Throws {@link CentreValidationError}.
 * The admin API and the CLI both validate with this, so they accept exactly the same changes.
 */
export function planCentreUpdate(
  scope: CentreScope,
  current: CentreLayer,
  changes: unknown,
): CentreChanges {
  if (!isChangeObject(changes))
    throw new CentreValidationError([
      {
        key: '',
        message: 'expected an object of dotted keys to values, e.g. {"feed.defaultPageSize": 10}',
      },
    ]);
  const keys = Object.keys(changes);
  if (keys.length === 0)
    throw new CentreValidationError([{ key: '', message: 'no changes given' }]);
  if (keys.length > MAX_KEYS)
    throw new CentreValidationError([{ key: '', message: `at most ${MAX_KEYS} keys per change` }]);
  const problems = centreKeyProblems(changes);
  if (problems.length > 0) throw new CentreValidationError(problems);

  const values = { ...current.values };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete values[key];
    else values[key] = value;
  }
  const config = validateCentreValues([{ scope, layer: { version: current.version, values } }]);
  return normalisedValues(config, changes);
}

/**
 * Validates ({@link planCentreUpdate}) and writes a change to one scope; the version goes up
 * and running services are notified. Throws {@link CentreValidationError} (nothing written) or
 * `ConfigCentreUnavailableError`.
 */
export async function updateCentreScope(
  centre: ConfigCentreSource,
  scope: CentreScope,
  changes: unknown,
): Promise<CentreUpdateResult> {
  const current = (await centre.read([scope]))[scope];
  const planned = planCentreUpdate(scope, current, changes);
  const written = await centre.write(scope, planned);
  const keys = Object.keys(planned);
  return {
    service: scope,
    version: written.version,
    values: written.values,
    hot: keys.filter((key) => configKey(key)?.reload === 'hot'),
    pendingRestart: keys.filter((key) => configKey(key)?.reload === 'restart'),
  };
}
