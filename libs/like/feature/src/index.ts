export * from './like-feature.module';
