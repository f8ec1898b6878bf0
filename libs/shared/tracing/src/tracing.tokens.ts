/** DI token of the process's `Tracing` handle (provided by `PlatformModule.forService`). */
export const TRACING = Symbol('TRACING');
