export type * from './commands.js';
export type * from './events.js';
export * from './roles.js';
export * from './roster.decider.js';
export * from './school.decider.js';
