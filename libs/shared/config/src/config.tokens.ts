/**
 * DI token under which the platform module provides the loaded {@link PlatformConfig}. It is a
 * plain symbol so this lib stays free of framework imports.
 */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
