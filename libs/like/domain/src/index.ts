export * from './like';
export * from './like-count-cache.port';
export * from './like.errors';
export * from './like.repository.port';
export * from './like.tokens';
