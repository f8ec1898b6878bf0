import type { CentreLayer, CentreOrigin, ConfigCentreSource } from './config-centre.port';
import type { ConfigLogger } from './config-logger';
import { loadConfigSnapshot } from './config-snapshot';
import { centreKeyProblems, mergeCentreLayers } from './centre-validation';
import { ConfigError, type StaticLayers, validateConfigTree } from './load-config';
import type { PlatformConfig, ServiceName } from './platform-config.schema';

/** The two centre layers a service reads: `shared`, then its own. */
export interface Layers {
  shared: CentreLayer;
  service: CentreLayer;
}

/**
 * What a {@link LiveConfig} knows about the centre, replaced as a whole on every outcome (so
 * the fields can never disagree with each other).
 */
export interface CentreState {
  /** The layers in force. */
  readonly layers: Layers;
  /** Where {@link layers} came from. */
  readonly origin: CentreOrigin;
  /** Restart-only keys whose centre value differs from the one this process runs with. */
  readonly pendingRestart: readonly string[];
  /** Why the latest read or change failed; cleared when a later change is applied. */
  readonly lastError?: string;
  /** `JSON.stringify` of the centre layers last applied: the same read is not applied again. */
  readonly appliedSignature?: string;
  /** `JSON.stringify` of the centre layers last rejected: they are not logged again. */
  readonly rejectedSignature?: string;
}

const EMPTY_LAYERS: Layers = {
  shared: { version: 0, values: {} },
  service: { version: 0, values: {} },
};

/** The state of a configuration with no centre layers (no centre, or nothing usable at start). */
export const WITHOUT_CENTRE: CentreState = {
  layers: EMPTY_LAYERS,
  origin: 'none',
  pendingRestart: [],
};

/** What a live configuration needs to recompute itself from the centre (for one service). */
export interface CentreBinding {
  /** Defaults, files and environment: the layers under the centre's. */
  readonly statics: StaticLayers;
  readonly centre: ConfigCentreSource;
  /** True when the live configuration opened the centre (and so closes it). */
  readonly ownsCentre: boolean;
  readonly snapshotFile: string;
}

/** The centre versions of `layers`, as the status and the logs show them. */
export function versionsOf(layers: Layers): { shared: number; service: number } {
  return { shared: layers.shared.version, service: layers.service.version };
}

/** Reads the service's two layers from the centre. */
export async function readLayers(
  centre: ConfigCentreSource,
  service: ServiceName,
): Promise<Layers> {
  const read = await centre.read(['shared', service]);
  return { shared: read.shared, service: read[service] };
}

/** The problems of a failed {@link compose} (a `ConfigError` lists them; anything else is one). */
export function problemsOf(error: unknown): string[] {
  return error instanceof ConfigError ? error.problems : [(error as Error).message];
}

/** The static layers with the centre's on top, validated; throws `ConfigError`. */
export function compose(
  statics: StaticLayers,
  layers: Layers,
  service: ServiceName,
): PlatformConfig {
  const problems = [
    ...centreKeyProblems(layers.shared.values).map(
      (p) => `${p.key} (from config centre shared v${layers.shared.version}): ${p.message}`,
    ),
    ...centreKeyProblems(layers.service.values).map(
      (p) => `${p.key} (from config centre ${service} v${layers.service.version}): ${p.message}`,
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const sources = new Map(statics.sources);
  const tree = mergeCentreLayers(
    statics.tree,
    [
      { scope: 'shared', layer: layers.shared },
      { scope: service, layer: layers.service },
    ],
    sources,
  );
  return validateConfigTree(tree, sources);
}

/**
 * The centre state a starting service boots with: the centre's layers, else its snapshot's,
 * else none. Everything it decides is logged; nothing here throws.
 */
export async function bootState(
  service: ServiceName,
  binding: CentreBinding,
  log: ConfigLogger,
  connectTimeoutMs: number,
): Promise<CentreState> {
  const { statics, centre, snapshotFile } = binding;
  let rejected: Pick<CentreState, 'lastError' | 'rejectedSignature'> = {};
  try {
    await centre.connect(connectTimeoutMs);
    const layers = await readLayers(centre, service);
    try {
      compose(statics, layers, service);
      const keys = [...Object.keys(layers.shared.values), ...Object.keys(layers.service.values)];
      log.info(
        { centre: centre.where, versions: versionsOf(layers), keys },
        `config centre: ${centre.where} (shared v${layers.shared.version}, ${service} ` +
          `v${layers.service.version}${keys.length > 0 ? `; overrides ${keys.join(', ')}` : ''})`,
      );
      return {
        layers,
        origin: 'centre',
        pendingRestart: [],
        appliedSignature: JSON.stringify(layers),
      };
    } catch (invalid) {
      const problems = problemsOf(invalid);
      rejected = {
        lastError: `rejected at start: ${problems.join('; ')}`,
        rejectedSignature: JSON.stringify(layers),
      };
      log.error(
        { versions: versionsOf(layers), problems },
        `config centre values rejected at start (${problems.join('; ')}); trying the last snapshot`,
      );
    }
  } catch (unreachable) {
    const message = (unreachable as Error).message;
    log.warn(
      { centre: centre.where, err: message },
      `config centre unreachable at start: ${message}`,
    );
  }

  try {
    const snapshot = await loadConfigSnapshot(snapshotFile);
    if (snapshot) {
      const layers = { shared: snapshot.shared, service: snapshot.service };
      compose(statics, layers, service);
      log.warn(
        { file: snapshotFile, savedAt: snapshot.savedAt, versions: versionsOf(layers) },
        `booting from the last-known config snapshot ${snapshotFile} (saved ${snapshot.savedAt}, ` +
          `shared v${layers.shared.version}, ${service} v${layers.service.version}); ` +
          'the centre is picked up as soon as it answers',
      );
      return { layers, origin: 'snapshot', pendingRestart: [], ...rejected };
    }
  } catch (unusable) {
    const message = (unusable as Error).message;
    log.error({ file: snapshotFile, err: message }, `config snapshot unusable: ${message}`);
  }
  log.warn(
    { file: snapshotFile },
    'no usable config snapshot: booting without the config centre layer (defaults, config ' +
      'files and environment only); the centre is picked up as soon as it answers',
  );
  return { ...WITHOUT_CENTRE, ...rejected };
}
