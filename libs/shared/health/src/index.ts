export * from './health.module';
export * from './health.tokens';
export * from './readiness.registry';
