export * from './video.contract';
export * from './video.schemas';
export * from './video.events';
