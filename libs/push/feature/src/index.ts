export * from './push-feature.module';
