export * from './like.contract';
export * from './like.events';
export * from './like.schemas';
