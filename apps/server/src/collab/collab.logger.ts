import { escapeLogText } from '../common/log-text.js';
import type { CollabLogger } from './collab.types.js';

/** Used when the host passes no logger; NestJS callers pass `new Logger('Collab')`. */
export const consoleLogger: CollabLogger = {
  warn: (message) => console.warn(`[collab] ${escapeLogText(message)}`),
  error: (message) => console.error(`[collab] ${escapeLogText(message)}`),
};

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
