/** DI token of the process's {@link ServiceRegistry} (the adapter the configuration selects). */
export const SERVICE_REGISTRY = Symbol('SERVICE_REGISTRY');

/** DI token of the resolved {@link DiscoveryModuleOptions}. */
export const DISCOVERY_OPTIONS = Symbol('DISCOVERY_OPTIONS');
