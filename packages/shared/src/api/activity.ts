import { z } from 'zod';
import { IdSchema } from './common.js';
import { defineRoute } from './route.js';

/*
 * A student's own work in one workspace, day by day: the picture of progress on their
 * project page. Only the caller's own activity; a classmate's never shows here.
 */

export const DailyActivitySchema = z.object({
  /** The day in the time zone asked for (UTC by default), `2026-11-23`. */
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

/** Whether the runtime knows `name` as an IANA time zone (`Europe/Madrid`). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The viewer's time zone, so their days start at their midnight, not at UTC's. */
export const TimeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'Give an IANA time zone, such as Europe/Madrid.');

export const MyActivityQuerySchema = z.object({
  /** How many days back, today included. */
  days: z.coerce.number().int().min(1).max(90).default(14),
  /** Whose midnight a day starts at; UTC when not given. */
  tz: TimeZoneSchema.default('UTC'),
});
export type MyActivityQuery = z.infer<typeof MyActivityQuerySchema>;

/** One member's part in a group's document over the whole project, for the feedback view. */
export const MemberContributionSchema = z.object({
  studentId: IdSchema,
  displayName: z.string(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  /** Share of the group's characters changed, 0 to 1. */
  share: z.number().min(0).max(1),
  /** Whole project: present and editing. */
  activeMs: z.number().nonnegative(),
});
export type MemberContribution = z.infer<typeof MemberContributionSchema>;

export const WorkspaceContributionsSchema = z.object({
  docId: IdSchema,
  /** The group's current members, by name. */
  members: z.array(MemberContributionSchema),
});
export type WorkspaceContributions = z.infer<typeof WorkspaceContributionsSchema>;

export const ACTIVITY_ROUTES = {
  myActivity: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/activity/mine',
    summary: 'My characters written and time on task in a workspace, day by day',
    authorize: {
      decidedBy: 'service',
      reason: 'Anyone who may open the workspace (membership), only ever about themselves',
    },
    query: MyActivityQuerySchema,
    response: MyActivitySchema,
  }),
  workspaceContributions: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/contributions',
    summary: 'Each member’s share of a group document over the whole project (teachers)',
    authorize: { permission: 'activity.view-board', scope: 'workspace', param: 'docId' },
    response: WorkspaceContributionsSchema,
  }),
};
