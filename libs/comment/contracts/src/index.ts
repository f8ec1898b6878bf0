export * from './comment.contract';
export * from './comment.events';
export * from './comment.schemas';
