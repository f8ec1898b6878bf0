export * from './write-file-atomic';
export * from './json-snapshot';
