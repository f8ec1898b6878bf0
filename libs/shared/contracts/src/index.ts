export * from './define-contract';
export * from './ping';
export * from './rpc-status';
export * from './define-event';
export * from './id-cursor';
