export * from './activity-facts.js';
export * from './board.js';
export * from './checkpoint-progress.js';
export { describeDuration } from './durations.js';
export * from './feedback-loop.js';
export * from './help-requests.js';
export * from './signals.js';
export * from './thresholds.js';
export * from './time-on-task.js';
