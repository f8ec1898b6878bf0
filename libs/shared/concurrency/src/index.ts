export * from './coalescing-runner';
