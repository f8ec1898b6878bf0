export * from './recording-transaction';
export * from './io-tick';
