export * from './comment-feature.module';
