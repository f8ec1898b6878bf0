export * from './fake-clock';
export * from './in-memory-comment.repository';
