export * from './account-feature.module';
