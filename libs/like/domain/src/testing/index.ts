export * from './in-memory-like.repository';
