export * from './bootstrap';
export * from './platform.module';
export { type ServedContract } from './ping.rpc-controller';
