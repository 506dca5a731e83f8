import { z } from 'zod';
import { TimeZoneSchema } from './activity.js';
import { IdSchema } from './common.js';
import { StudentProjectOverviewSchema } from './guardians.js';
import { GoalViewSchema } from './learners.js';
import { defineRoute } from './route.js';

/*
 * Families (issue 6): a guardian sees only their own child, read-only. Other
 * members of the child's groups appear as "Classmate", never by name.
 */

/** What other members of a group are called wherever a guardian looks. */
export const CLASSMATE_NAME = 'Classmate';

export const WeeklyTimeOnTaskSchema = z.object({
  /** Monday of the week, in the time zone asked for (UTC by default), `2026-11-16`. */
  weekStart: z.string(),
  minutes: z.number().nonnegative(),
});
export type WeeklyTimeOnTask = z.infer<typeof WeeklyTimeOnTaskSchema>;

export const FamilyProjectSchema = StudentProjectOverviewSchema.extend({
  /** The child's group: the child by first name, everyone else as "Classmate". */
  groupMembers: z.array(z.object({ displayName: z.string(), isMyChild: z.boolean() })),
  goals: z.array(GoalViewSchema),
});
export type FamilyProject = z.infer<typeof FamilyProjectSchema>;

export const FamilyChildDashboardSchema = z.object({
  studentId: IdSchema,
  firstName: z.string(),
  projects: z.array(FamilyProjectSchema),
  /** For the chart: oldest week first, weeks without work as 0. */
  timeOnTaskByWeek: z.array(WeeklyTimeOnTaskSchema),
});
export type FamilyChildDashboard = z.infer<typeof FamilyChildDashboardSchema>;

export const FamilyDashboardQuerySchema = z.object({
  /** How many weeks back the chart goes, this week included. */
  weeks: z.coerce.number().int().min(1).max(52).default(8),
  /** Whose Monday midnight a week starts at; UTC when not given. */
  tz: TimeZoneSchema.default('UTC'),
});
export type FamilyDashboardQuery = z.infer<typeof FamilyDashboardQuerySchema>;

/** A guardian asking about a student who is not their child gets 403 `families.not-your-child`. */
export const NOT_YOUR_CHILD_ERROR_CODE = 'families.not-your-child';

export const FAMILY_ROUTES = {
  familyDashboard: defineRoute({
    method: 'GET',
    path: '/families/children/:studentId',
    summary:
      'My child’s projects, checkpoints, feedback, goals and weekly time on task (guardians)',
    authorize: { decidedBy: 'service', reason: 'Guardians of this student only: a relationship' },
    query: FamilyDashboardQuerySchema,
    response: FamilyChildDashboardSchema,
  }),
};

/*
 * A guardian's weekly summary by email: the address (kept sealed with their
 * key on the server), opt in by giving one, opt out by clearing it or by the
 * unsubscribe link every email carries.
 */
export const GuardianSummarySettingsSchema = z.object({
  /** The address the summary goes to; null when the guardian does not get it. */
  email: z.string().nullable(),
  /** False when the server has no SMTP server configured: nothing would be sent. */
  emailEnabled: z.boolean(),
});
export type GuardianSummarySettings = z.infer<typeof GuardianSummarySettingsSchema>;

export const SetGuardianSummaryRequestSchema = z
  .object({
    /** An address to get the summary at, or null to stop getting it. */
    email: z
      .string()
      .trim()
      .max(254, 'An email address is at most 254 characters.')
      .email('Give a valid email address, such as name@example.org.')
      .nullable(),
  })
  .strict();
export type SetGuardianSummaryRequest = z.infer<typeof SetGuardianSummaryRequestSchema>;

export const GUARDIAN_SUMMARY_ROUTES = {
  guardianSummary: defineRoute({
    method: 'GET',
    path: '/families/weekly-summary',
    summary: 'Where my weekly summary by email goes, if anywhere (guardians)',
    authorize: { decidedBy: 'service', reason: 'The guardian’s own setting' },
    response: GuardianSummarySettingsSchema,
  }),
  setGuardianSummary: defineRoute({
    method: 'POST',
    path: '/families/weekly-summary',
    summary: 'Get the weekly summary at an address, or stop getting it with null (guardians)',
    authorize: { decidedBy: 'service', reason: 'The guardian’s own setting' },
    body: SetGuardianSummaryRequestSchema,
    response: GuardianSummarySettingsSchema,
    status: 200,
  }),
};
