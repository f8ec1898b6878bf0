export * from './push.contract';
export * from './push.events';
export * from './push.schemas';
