/** Path of the Yjs collaboration endpoint; the doc id follows it: `/collab/<docId>?token=…`. */
export const COLLAB_PATH = '/collab';

/** The plain-text shared type (Y.Text) that the first workspace documents and the tests use. */
export const WORKSPACE_TEXT = 'content';

/**
 * The rich-text shared type (Y.XmlFragment) the web editor (Tiptap + y-prosemirror)
 * writes. Server-side text rendering (history, previews) reads this one first and
 * falls back to WORKSPACE_TEXT.
 */
export const WORKSPACE_FRAGMENT = 'prosemirror';

/** WebSocket close codes the endpoint uses, with reasons a person can read. */
export const COLLAB_CLOSE = {
  /** Also sent, at once, when the token of an open connection expires. */
  unauthorized: { code: 4401, reason: 'Sign in again: your session is missing or has expired.' },
  forbidden: { code: 4403, reason: 'You are not a member of this workspace.' },
  notFound: { code: 4404, reason: 'This workspace does not exist.' },
  malformed: { code: 4400, reason: 'The message could not be read; reconnecting will fix it.' },
  tooLarge: { code: 4413, reason: 'That change is too large to send at once.' },
  tooFast: { code: 4429, reason: 'Too many messages too quickly; reconnecting in a moment.' },
  /** The account holds as many live connections as one instance allows (COLLAB_LIMITS.maxConnectionsPerAccount). */
  tooManyConnections: {
    code: 4430,
    reason: 'Too many workspaces are open on this account at once. Close some tabs, then reload.',
  },
  /** The document took its budget of changes for this minute (COLLAB_LIMITS.maxAppendBytesPerMinute). */
  writeBudget: {
    code: 4431,
    reason:
      'Too much was written to this workspace in the last minute. Wait a minute, then reload.',
  },
  /**
   * Access changed while connected (locked for assessment, unlocked, role changed):
   * the client should fetch its access again and reconnect with it.
   */
  accessChanged: {
    code: 4409,
    reason: 'Your access to this workspace changed (for example, it was locked for assessment).',
  },
  shuttingDown: { code: 1012, reason: 'The server is restarting; your work is saved.' },
  /** The server could not check access or load the doc: not the client's fault; it retries. */
  unavailable: {
    code: 1011,
    reason: 'The workspace could not be opened right now; retrying shortly.',
  },
  /** The client stopped reading while changes piled up for it; reconnecting catches up. */
  fellBehind: { code: 1013, reason: 'The connection fell behind; reconnecting will catch up.' },
} as const;

export type DocumentAccess = 'read-write' | 'read-only';
