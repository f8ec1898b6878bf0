import type { Contract } from '@newsreel/shared-contracts';
import type { ServiceName } from './platform-config.schema';

/**
 * What the process is: the deployable, the contract it serves and its version. Provided by the
 * composition root (`PlatformModule.forService`) beside `PLATFORM_CONFIG`; lower libs
 * (persistence, messaging, cache) read it to name their databases, groups and key prefixes.
 */
export interface ServiceInfo {
  name: ServiceName;
  /** The contract this process serves over RPC; absent for the gateway. */
  contract?: Contract;
  /** Package version, reported by `ping` and the registry. */
  version: string;
}

/** DI token of {@link ServiceInfo}. */
export const SERVICE_INFO = Symbol('SERVICE_INFO');
