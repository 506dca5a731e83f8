import { z } from 'zod';
import { IdSchema, EmptyRequestSchema } from './common.js';
import { defineRoute } from './route.js';
import { textSchema } from './text.js';

// --- comments on a passage ----------------------------------------------------

const CommentTextSchema = textSchema({
  empty: 'Write something before sending the comment.',
  max: 2000,
  tooLong: 'Keep a comment under 2,000 characters.',
});

/** A Yjs relative position, base64 (`Y.encodeRelativePosition`). */
const RelativePositionSchema = z
  .string()
  .min(1, 'Select the passage to comment on.')
  .max(200, 'That is not a position in the document: select the passage again.')
  .regex(
    /^[A-Za-z0-9+/]+={0,2}$/,
    'That is not a position in the document: select the passage again.',
  );

/**
 * Where a thread's passage is, as Yjs relative positions in the document's shared fragment:
 * the start sticks to the passage's first character, the end to its last, so the passage
 * keeps them while anyone edits around or inside it. The browser resolves them to the current
 * range when it shows the document.
 */
export const CommentAnchorSchema = z.strictObject({
  start: RelativePositionSchema,
  end: RelativePositionSchema,
});
export type CommentAnchorValue = z.infer<typeof CommentAnchorSchema>;

export const StartCommentRequestSchema = z.strictObject({
  anchor: CommentAnchorSchema,
  /** The passage's text as it is now: shown with the thread, and if the passage is deleted. */
  quote: z
    .string()
    .trim()
    .min(1, 'Select the passage to comment on.')
    .max(1000, 'Select at most 1,000 characters to comment on.'),
  text: CommentTextSchema,
});
export type StartCommentRequest = z.infer<typeof StartCommentRequestSchema>;

export const ReplyToCommentRequestSchema = z.strictObject({ text: CommentTextSchema });
export type ReplyToCommentRequest = z.infer<typeof ReplyToCommentRequestSchema>;

export const CommentReplySchema = z.object({
  replyId: IdSchema,
  authorId: IdSchema,
  authorDisplayName: z.string(),
  text: z.string(),
  at: z.string(),
});
export type CommentReply = z.infer<typeof CommentReplySchema>;

export const CommentThreadSchema = z.object({
  threadId: IdSchema,
  docId: IdSchema,
  anchor: CommentAnchorSchema,
  quote: z.string(),
  authorId: IdSchema,
  authorDisplayName: z.string(),
  text: z.string(),
  at: z.string(),
  resolved: z.boolean(),
  /** Who resolved or reopened it last, and when; null while nobody has. */
  statusBy: z.string().nullable(),
  statusAt: z.string().nullable(),
  replies: z.array(CommentReplySchema),
});
export type CommentThread = z.infer<typeof CommentThreadSchema>;

export const CommentThreadListSchema = z.object({
  docId: IdSchema,
  /** Oldest first. */
  threads: z.array(CommentThreadSchema),
});
export type CommentThreadList = z.infer<typeof CommentThreadListSchema>;

/** The classroom's teachers, the group's members and a tutor reading the workspace. */
const commentReaders = {
  decidedBy: 'service',
  reason:
    'The workspace’s members, the classroom’s teachers and a tutor reading it: relationships, not only a role',
} as const;

export const COMMENT_ROUTES = {
  documentComments: defineRoute({
    method: 'GET',
    path: '/workspaces/:docId/comments',
    summary: 'The comment threads on a document’s passages, oldest first',
    authorize: commentReaders,
    response: CommentThreadListSchema,
  }),
  startComment: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/comments',
    summary: 'Comment on a passage of a document',
    authorize: commentReaders,
    body: StartCommentRequestSchema,
    response: CommentThreadSchema,
  }),
  replyToComment: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/comments/:threadId/replies',
    summary: 'Reply to a comment',
    authorize: commentReaders,
    body: ReplyToCommentRequestSchema,
    response: CommentThreadSchema,
  }),
  resolveComment: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/comments/:threadId/resolve',
    summary: 'Resolve a comment',
    authorize: commentReaders,
    body: EmptyRequestSchema,
    response: CommentThreadSchema,
    status: 200,
  }),
  reopenComment: defineRoute({
    method: 'POST',
    path: '/workspaces/:docId/comments/:threadId/reopen',
    summary: 'Reopen a resolved comment',
    authorize: commentReaders,
    body: EmptyRequestSchema,
    response: CommentThreadSchema,
    status: 200,
  }),
};
