import { z } from 'zod';
import { IdSchema } from './common.js';

/*
 * A student's own work in one workspace, day by day: the picture of progress on their
 * project page. Only the caller's own activity; a classmate's never shows here.
 */

export const DailyActivitySchema = z.object({
  /** The day (UTC), `2026-11-23`. */
  day: z.string(),
  /** Characters the person added that day. */
  inserted: z.number().int().nonnegative(),
  /** Whole minutes present and editing that day. */
  activeMinutes: z.number().int().nonnegative(),
});
export type DailyActivity = z.infer<typeof DailyActivitySchema>;

export const MyActivitySchema = z.object({
  docId: IdSchema,
  /** Oldest day first, today last, days without work as 0. */
  days: z.array(DailyActivitySchema),
});
export type MyActivity = z.infer<typeof MyActivitySchema>;

export const MyActivityQuerySchema = z.object({
  /** How many days back, today included. */
  days: z.coerce.number().int().min(1).max(90).default(14),
});
export type MyActivityQuery = z.infer<typeof MyActivityQuerySchema>;
