/**
 * DI token under which the platform module provides the loaded {@link PlatformConfig}. It is a
 * plain symbol so this lib stays free of framework imports.
 */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

/**
 * DI token of the service's {@link LiveConfig}: subscribe to hot keys with `onChange`, read the
 * pending-restart list, or reach the config centre (the gateway's admin API writes through it).
 */
export const LIVE_CONFIG = Symbol('LIVE_CONFIG');
