export type * from './commands.js';
export type * from './events.js';
export * from './contact-details.js';
export * from './inquiry.decider.js';
