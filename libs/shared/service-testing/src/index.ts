export * from './rpc-service';
export * from './platform-env';
