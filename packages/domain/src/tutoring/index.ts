export type * from './commands.js';
export type * from './events.js';
export * from './scratchpad-access.js';
export * from './subjects.js';
export * from './tutoring.decider.js';
