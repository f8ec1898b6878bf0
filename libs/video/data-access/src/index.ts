export * from './typeorm-video.repository';
export * from './video-data-access.module';
export * from './video.record';
