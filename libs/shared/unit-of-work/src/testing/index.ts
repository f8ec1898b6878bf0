export * from './recording-transaction';
