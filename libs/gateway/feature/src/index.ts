export * from './gateway-feature.module';
export * from './http/api-error';
export * from './http/openapi';
export * from './http/rpc-to-http';
