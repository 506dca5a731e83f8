export type * from './commands.js';
export type * from './events.js';
export * from './comments.decider.js';
