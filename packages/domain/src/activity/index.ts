export type * from './events.js';
export * from './signals/index.js';
