export * from './rpc-service';
