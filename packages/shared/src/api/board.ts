import { z } from 'zod';
import { IdSchema } from './common.js';
import { defineRoute } from './route.js';

export const SignalKindSchema = z.enum([
  'active-now',
  'idle',
  'stuck',
  'imbalance',
  'checkpoint-overdue',
]);
export type SignalKind = z.infer<typeof SignalKindSchema>;

/** Something a teacher can act on, with the reason it fired, in words for the board. */
export const SignalViewSchema = z.object({
  kind: SignalKindSchema,
  reason: z.string(),
  since: z.string().nullable(),
  studentId: IdSchema.nullable(),
  groupId: IdSchema.nullable(),
  checkpointId: IdSchema.nullable(),
});
export type SignalView = z.infer<typeof SignalViewSchema>;

export const TimeOnTaskSchema = z.object({
  /** With the workspace open (an open tab counts here, and only here). */
  presentMs: z.number().nonnegative(),
  /** Present and editing: the time on task a teacher means. */
  activeMs: z.number().nonnegative(),
});
export type TimeOnTaskView = z.infer<typeof TimeOnTaskSchema>;

export const BoardStudentSchema = z.object({
  studentId: IdSchema,
  displayName: z.string(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  /** Has a live connection to one of the group's workspaces now. */
  present: z.boolean(),
  /** Present and edited recently (the `active-now` signal). */
  activeNow: z.boolean(),
  lastActiveAt: z.string().nullable(),
  timeOnTask: TimeOnTaskSchema,
  /** Share of the group's characters changed, 0 to 1. */
  share: z.number().min(0).max(1),
  signals: z.array(SignalViewSchema),
});
export type BoardStudent = z.infer<typeof BoardStudentSchema>;

export const BoardWorkspaceSchema = z.object({
  projectId: IdSchema,
  projectTitle: z.string(),
  docId: IdSchema,
  /** Checkpoints reached (or confirmed) over all of them. */
  checkpointsReached: z.number().int().nonnegative(),
  checkpointsTotal: z.number().int().nonnegative(),
  locked: z.boolean(),
});
export type BoardWorkspace = z.infer<typeof BoardWorkspaceSchema>;

export const BoardGroupSchema = z.object({
  groupId: IdSchema,
  name: z.string(),
  students: z.array(BoardStudentSchema),
  /** For the one-click read-only view of the group's documents. */
  workspaces: z.array(BoardWorkspaceSchema),
  /** Group-wide signals: imbalance, checkpoint overdue. */
  signals: z.array(SignalViewSchema),
});
export type BoardGroup = z.infer<typeof BoardGroupSchema>;

export const AttentionKindSchema = z.enum([
  'stuck',
  'idle',
  'imbalance',
  'checkpoint-overdue',
  /** A student of the class in no group: on no group card and without a group workspace. */
  'ungrouped',
]);
export type AttentionKind = z.infer<typeof AttentionKindSchema>;

/**
 * Something on the board that needs a teacher now, with what to open: the
 * group's workspace (`docId`), or for a student without a group the
 * classroom's groups (`docId` null, `groupId` null).
 */
export const AttentionItemSchema = z.object({
  kind: AttentionKindSchema,
  /** Worded by the server, in English (as the signals are). */
  reason: z.string(),
  /** Since when it has waited; the list is sorted by it, longest first (unknown last). */
  since: z.string().nullable(),
  studentId: IdSchema.nullable(),
  studentName: z.string().nullable(),
  groupId: IdSchema.nullable(),
  groupName: z.string().nullable(),
  docId: IdSchema.nullable(),
  checkpointId: IdSchema.nullable(),
});
export type AttentionItem = z.infer<typeof AttentionItemSchema>;

export const BoardViewSchema = z.object({
  classroomId: IdSchema,
  classroomName: z.string(),
  /** When the signals were computed. */
  computedAt: z.string(),
  idleAfterMinutes: z.number().positive(),
  groups: z.array(BoardGroupSchema),
  /** Who needs attention now, longest waiting first: every signal but "active now", and every student without a group. */
  attention: z.array(AttentionItemSchema),
});
export type BoardView = z.infer<typeof BoardViewSchema>;

export const BOARD_ROUTES = {
  board: defineRoute({
    method: 'GET',
    path: '/classrooms/:classroomId/board',
    summary: 'The live board with signals (staff)',
    authorize: { permission: 'activity.view-board', scope: 'classroom', param: 'classroomId' },
    response: BoardViewSchema,
  }),
};
