export * from './account.contract';
export * from './account.schemas';
export * from './account.events';
