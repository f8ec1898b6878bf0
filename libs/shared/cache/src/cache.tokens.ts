/** DI token of the service's `Cache` port (provided by `CacheModule.forService()`). */
export const CACHE = Symbol('CACHE');
