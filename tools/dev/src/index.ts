export * from './launcher';
export * from './log-format';
export * from './port-check';
export * from './status-table';
