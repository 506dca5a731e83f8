export type * from './commands.js';
export type * from './events.js';
export * from './learner.decider.js';
export * from './plan.rules.js';
export * from './projects.decider.js';
