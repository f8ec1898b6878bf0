export * from './in-memory-comment.repository';
