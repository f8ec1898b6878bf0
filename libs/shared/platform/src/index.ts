export * from './bootstrap';
export * from './platform.module';
export * from './platform.tokens';
export { type ServedContract } from './ping.rpc-controller';
