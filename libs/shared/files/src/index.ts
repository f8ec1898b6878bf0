export * from './write-file-atomic';
