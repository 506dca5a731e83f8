export * from './common/decider.js';
export * from './common/domain-error.js';
export * from './common/streams.js';
export * from './activity/index.js';
export * from './projects/index.js';
export * from './roster/index.js';
export * from './tutoring/index.js';
export * from './common/given-when-then.js';
