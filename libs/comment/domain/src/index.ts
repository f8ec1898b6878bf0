export * from './comment';
export * from './comment-cursor';
export * from './comment.tokens';
export * from './mask-sensitive-words';
export * from './sensitive-words.port';
