import type { DomainEvent } from '../common/decider.js';

/**
 * One author's merged batch of edits to a document. The update is the Yjs
 * binary update, base64-encoded; the counts attribute the work to the author.
 */
export type DocumentUpdated = DomainEvent<
  'DocumentUpdated',
  { docId: string; authorId: string; update: string; inserted: number; deleted: number }
>;

/**
 * The document as it stood after revision `throughRevision` of its stream
 * (base64 Yjs update), so a cold load reads this plus the changes after it
 * instead of the whole history. Built only from changes already in the log.
 */
export type DocumentSnapshotted = DomainEvent<
  'DocumentSnapshotted',
  { docId: string; state: string; throughRevision: number }
>;

/** A person opened a workspace (their first live connection to it). */
export type WorkspaceEntered = DomainEvent<'WorkspaceEntered', { docId: string; userId: string }>;

/** A person's last live connection to a workspace closed. */
export type WorkspaceLeft = DomainEvent<'WorkspaceLeft', { docId: string; userId: string }>;

export type ActivityEvent =
  DocumentUpdated | DocumentSnapshotted | WorkspaceEntered | WorkspaceLeft;
