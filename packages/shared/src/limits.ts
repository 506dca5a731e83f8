/**
 * Limits declared once and used on both sides: the server enforces them, the
 * web app uses them to explain refusals before they happen.
 */
export const COLLAB_LIMITS = {
  /** Largest single WebSocket message the collaboration endpoint accepts. */
  maxMessageBytes: 1024 * 1024,
  /** Largest encoded document state; updates that would grow a doc past it are refused. */
  maxDocumentBytes: 8 * 1024 * 1024,
  /** Sustained messages per second per connection before it is closed. */
  maxMessagesPerSecond: 200,
  /**
   * How long an author's updates are gathered before one attributed append (at
   * most; windows end on a shared beat). Each append wakes every read model, so
   * a longer window is what keeps a busy school's store work per edit small;
   * a short one is what keeps a teacher's board within a second of a keystroke
   * (window ≤ 600 ms + projection + the board's ≤ 150 ms recompute).
   */
  flushWindowMs: 600,
  /** A batch is flushed early once it holds this many bytes. */
  flushMaxBytes: 64 * 1024,
  /**
   * Concurrent connections one account may hold on one server instance (every
   * document together): a teacher with many tabs stays well under it, a script
   * opening hundreds does not. `COLLAB_MAX_CONNECTIONS_PER_ACCOUNT` overrides it.
   */
  maxConnectionsPerAccount: 20,
  /**
   * Update bytes one document accepts from its clients per minute (a rolling
   * budget), so no one can grow the store without bound by pasting and deleting
   * under the size limit. A class typing all lesson writes a few hundred KiB.
   * `COLLAB_MAX_APPEND_BYTES_PER_MINUTE` overrides it.
   */
  maxAppendBytesPerMinute: 4 * 1024 * 1024,
} as const;

/** Limits of the history and replay reads, so no one response grows without bound. */
export const HISTORY_LIMITS = {
  /**
   * A page of the history or the replay stops once its changes' Yjs update
   * bytes reach this (at least one change per page), and says where to go on.
   */
  maxPageUpdateBytes: 1024 * 1024,
} as const;
