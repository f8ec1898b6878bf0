export * from './cache-metrics';
export * from './cache.module';
export * from './cache.port';
export * from './cache.tokens';
export * from './memory.cache';
export * from './redis.cache';
