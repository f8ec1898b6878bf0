export * from './rpc-client';
export * from './rpc-clients.module';
export * from './rpc-context';
export * from './rpc-envelope';
export * from './rpc-method.decorator';
export * from './rpc-observer';
