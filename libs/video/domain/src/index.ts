export * from './feed-cursor';
export * from './video';
export * from './video.tokens';
