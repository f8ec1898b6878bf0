export * from './async-context';
