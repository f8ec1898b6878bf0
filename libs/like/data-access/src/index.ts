export * from './like-count-cache.settings';
export * from './like-count.record';
export * from './like-data-access.module';
export * from './like.record';
export * from './memory-like-count.cache';
export * from './migrations/1767400000000-create-like-tables.migration';
export * from './redis-like-count.cache';
export * from './typeorm-like.repository';
