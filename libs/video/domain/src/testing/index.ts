export * from './in-memory-video.repository';
