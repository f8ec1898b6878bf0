export * from './shared/clock';
export * from './video-feature.module';
