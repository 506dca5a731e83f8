import { z } from 'zod';
import { IdSchema } from './common.js';
import { CheckpointProgressSchema, FeedbackViewSchema } from './projects.js';
import { defineRoute } from './route.js';

/**
 * One student's projects, as their guardian (and the student, and their
 * teachers) see them: progress and returned feedback, never the live document.
 */
export const StudentProjectOverviewSchema = z.object({
  projectId: IdSchema,
  title: z.string(),
  classroomId: IdSchema,
  docId: IdSchema,
  locked: z.boolean(),
  checkpoints: z.array(CheckpointProgressSchema),
  submissions: z.number().int().nonnegative(),
  lastSubmittedAt: z.string().nullable(),
  /** Feedback on the student's work, with only their own per-student entry. */
  feedback: z.array(FeedbackViewSchema),
});
export type StudentProjectOverview = z.infer<typeof StudentProjectOverviewSchema>;

export const StudentOverviewSchema = z.object({
  studentId: IdSchema,
  displayName: z.string(),
  projects: z.array(StudentProjectOverviewSchema),
});
export type StudentOverview = z.infer<typeof StudentOverviewSchema>;

export const GUARDIAN_ROUTES = {
  studentOverview: defineRoute({
    method: 'GET',
    path: '/students/:studentId/overview',
    summary: 'A student’s projects, progress and feedback (guardians, teachers, the student)',
    authorize: {
      decidedBy: 'service',
      reason: 'The student themself, their guardians and their teachers: relationships',
    },
    response: StudentOverviewSchema,
  }),
};
