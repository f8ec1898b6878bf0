export * from './connect-redis';
export * from './redact-redis-url';
export * from './redis-connections.provider';
export * from './redis-tracing';
export * from './redis.module';
export * from './redis.tokens';
