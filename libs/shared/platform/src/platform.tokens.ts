import type { ServiceName } from '@newsreel/shared-config';
import type { Contract } from '@newsreel/shared-contracts';

/** What the platform knows about the process it is running. */
export interface ServiceInfo {
  name: ServiceName;
  /** The contract this process serves over RPC; absent for the gateway. */
  contract?: Contract;
  /** Package version, reported by `ping` and (later) the registry. */
  version: string;
}

/** DI token of {@link ServiceInfo}. */
export const SERVICE_INFO = Symbol('SERVICE_INFO');
/** DI token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');
