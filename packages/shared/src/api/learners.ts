import { z } from 'zod';
import { IdSchema, InstantSchema, PageQuerySchema, pageOf } from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

/** The prompts a journal offers; a student can also answer their own. */
export const JOURNAL_PROMPTS = [
  'What did you try today?',
  'What was hard, and what did you do about it?',
  'What will you do next?',
] as const;

export const WriteJournalEntryRequestSchema = z.object({
  prompt: z.string().trim().min(1, 'Choose a prompt.').max(200),
  text: textSchema({
    empty: 'Write something first.',
    max: 1000,
    tooLong: 'Keep an entry under 1,000 characters.',
  }),
});
export type WriteJournalEntryRequest = z.infer<typeof WriteJournalEntryRequestSchema>;

export const JournalEntrySchema = z.object({
  entryId: IdSchema,
  projectId: IdSchema,
  studentId: IdSchema,
  prompt: z.string(),
  text: z.string(),
  writtenAt: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export const JournalPageSchema = pageOf(JournalEntrySchema);
export type JournalPage = z.infer<typeof JournalPageSchema>;

/** Whose journal or goals: a student reads their own (leave it out); staff name the student. */
export const LearnerQuerySchema = z.object({ studentId: IdSchema.optional() });
export type LearnerQuery = z.infer<typeof LearnerQuerySchema>;

export const SetGoalRequestSchema = z.object({
  checkpointId: IdSchema,
  targetDate: InstantSchema,
  note: textSchema({ max: 500, tooLong: 'Keep the note under 500 characters.' }).optional(),
});
export type SetGoalRequest = z.infer<typeof SetGoalRequestSchema>;

export const GoalStatusSchema = z.enum([
  'met',
  'met-late',
  'on-track',
  'due-soon',
  'missed',
  'unknown-checkpoint',
]);
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

/** A personal goal with the student's progress against it, and why it reads so. */
export const GoalViewSchema = z.object({
  goalId: IdSchema,
  projectId: IdSchema,
  studentId: IdSchema,
  checkpointId: IdSchema,
  targetDate: z.string(),
  note: z.string().nullable(),
  setAt: z.string(),
  status: GoalStatusSchema,
  /** 0 to 1: checkpoints reached up to the goal's own. */
  progress: z.number().min(0).max(1),
  reason: z.string(),
});
export type GoalView = z.infer<typeof GoalViewSchema>;
export const GoalListSchema = z.object({ items: z.array(GoalViewSchema) });
export type GoalList = z.infer<typeof GoalListSchema>;

export const JournalQuerySchema = PageQuerySchema.extend(LearnerQuerySchema.shape);
export type JournalQuery = z.infer<typeof JournalQuerySchema>;

/** Another student's journal or goals: their teachers only; the service checks whose. */
const readers = { permission: 'journal.read', scope: 'project', param: 'projectId' } as const;
/** Their own journal and goals, written by the student themself. */
const writers = { permission: 'projects.work', scope: 'project', param: 'projectId' } as const;

export const LEARNER_ROUTES = {
  journal: defineRoute({
    method: 'GET',
    path: '/projects/:projectId/journal',
    summary: 'A student’s reflection journal',
    authorize: readers,
    query: JournalQuerySchema,
    response: JournalPageSchema,
  }),
  writeJournalEntry: defineRoute({
    method: 'POST',
    path: '/projects/:projectId/journal',
    summary: 'Write a journal entry',
    authorize: writers,
    body: WriteJournalEntryRequestSchema,
    response: JournalEntrySchema,
  }),
  goals: defineRoute({
    method: 'GET',
    path: '/projects/:projectId/goals',
    summary: 'A student’s goals and progress',
    authorize: readers,
    query: LearnerQuerySchema,
    response: GoalListSchema,
  }),
  setGoal: defineRoute({
    method: 'POST',
    path: '/projects/:projectId/goals',
    summary: 'Set a personal goal',
    authorize: writers,
    body: SetGoalRequestSchema,
    response: GoalViewSchema,
  }),
  dropGoal: defineRoute({
    method: 'DELETE',
    path: '/projects/:projectId/goals/:goalId',
    summary: 'Drop a personal goal',
    authorize: writers,
    status: 204,
  }),
};
