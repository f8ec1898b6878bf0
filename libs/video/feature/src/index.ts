export * from './video-feature.module';
