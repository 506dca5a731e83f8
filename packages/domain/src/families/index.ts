export type * from './commands.js';
export type * from './events.js';
export * from './guardian-summary.decider.js';
