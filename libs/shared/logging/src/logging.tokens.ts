/**
 * DI token of the process's pino `Logger` (`createLogger`). Provided by the composition
 * root (`PlatformModule.forService`); every lib that logs injects it from here.
 */
export const LOGGER = Symbol('LOGGER');
