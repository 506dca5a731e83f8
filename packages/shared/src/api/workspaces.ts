import { z } from 'zod';
import { IdSchema } from './common.js';
import { PersonSchema } from './classrooms.js';
import { defineRoute } from './route.js';

export const WorkspaceViewSchema = z.object({
  docId: IdSchema,
  projectId: IdSchema,
  projectTitle: z.string(),
  brief: z.string(),
  classroomId: IdSchema,
  /** The group's name, or the student's own for a workspace of one. */
  groupName: z.string(),
  members: z.array(PersonSchema),
  access: z.enum(['read-write', 'read-only']),
  /** Locked for assessment: read-only for everyone until unlocked. */
  locked: z.boolean(),
});
export type WorkspaceView = z.infer<typeof WorkspaceViewSchema>;

// --- workspace history -----------------------------------------------------
const Revision = z.coerce
  .number()
  .int('A revision is a whole number.')
  .min(0, 'Revisions start at 0.')
  .max(Number.MAX_SAFE_INTEGER);

/** One stored change to a workspace document: who made it, when, and how much text it moved. */
export const DocumentChangeSchema = z.object({
  /** Its place in the document's stream; pass it to the revision route to see the text after it. */
  revision: z.number().int().nonnegative(),
  /** When it was stored (ISO 8601). */
  at: z.string(),
  authorId: IdSchema,
  authorDisplayName: z.string(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
});
export type DocumentChange = z.infer<typeof DocumentChangeSchema>;

/** Newest first. `before` is exclusive: pass the previous page's `nextBefore` to go further back. */
export const DocumentHistoryQuerySchema = z.object({
  before: Revision.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Ask for at least one change.')
    .max(200, 'Ask for at most 200 changes at a time.')
    .default(50),
});
export type DocumentHistoryQuery = z.infer<typeof DocumentHistoryQuerySchema>;

export const DocumentHistoryPageSchema = z.object({
  docId: IdSchema,
  changes: z.array(DocumentChangeSchema),
  /** Null when this page reaches the first change. */
  nextBefore: z.number().int().nonnegative().nullable(),
});
export type DocumentHistoryPage = z.infer<typeof DocumentHistoryPageSchema>;

export const DocumentRevisionParamSchema = Revision;

/** The document's text as it stood right after `revision`. */
export const DocumentRevisionSchema = z.object({
  docId: IdSchema,
  revision: z.number().int().nonnegative(),
  text: z.string(),
});
export type DocumentRevision = z.infer<typeof DocumentRevisionSchema>;

// --- history replay ----------------------------------------------------------
/**
 * Oldest first. `after` is exclusive: pass the previous page's `nextAfter` to go on. A page
 * holds at most `limit` changes, fewer once their update bytes reach
 * HISTORY_LIMITS.maxPageUpdateBytes: follow `nextAfter` until it is null.
 */
export const DocumentReplayQuerySchema = z.object({
  after: Revision.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Ask for at least one change.')
    .max(1000, 'Ask for at most 1000 changes at a time.')
    .default(500),
});
export type DocumentReplayQuery = z.infer<typeof DocumentReplayQuerySchema>;

/** One stored change with its Yjs update bytes, so a browser can replay the document itself. */
export const AttributedUpdateSchema = DocumentChangeSchema.extend({
  /** The Yjs update (base64) exactly as stored. */
  update: z.string(),
});
export type AttributedUpdate = z.infer<typeof AttributedUpdateSchema>;

export const DocumentReplayPageSchema = z.object({
  docId: IdSchema,
  updates: z.array(AttributedUpdateSchema),
  /** Null when this page reaches the latest stored change. */
  nextAfter: z.number().int().nonnegative().nullable(),
});
export type DocumentReplayPage = z.infer<typeof DocumentReplayPageSchema>;

/** The workspace's own members, or the classroom's staff observing. */
const workspaceReaders = {
  decidedBy: 'service',
  reason: 'The workspace’s own members or the classroom’s staff: membership, not only a role',
} as const;

export const WORKSPACE_ROUTES = {
  workspace: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId',
    summary: 'One workspace and my access to it',
    authorize: workspaceReaders,
    response: WorkspaceViewSchema,
  }),
  documentHistory: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/history',
    summary: 'A document’s changes, newest first',
    authorize: workspaceReaders,
    query: DocumentHistoryQuerySchema,
    response: DocumentHistoryPageSchema,
  }),
  documentRevision: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/history/:revision',
    summary: 'A document’s text after one revision',
    authorize: workspaceReaders,
    params: { revision: DocumentRevisionParamSchema },
    response: DocumentRevisionSchema,
  }),
  documentReplay: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/replay',
    summary: 'A document’s changes with their update bytes, oldest first, for history replay',
    authorize: workspaceReaders,
    query: DocumentReplayQuerySchema,
    response: DocumentReplayPageSchema,
  }),
};
