import type { CommentEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/**
 * The comment threads on documents' passages and their replies, as the API reads them. The
 * words stay sealed here as in the log (opened only as they are shown), so erasing an
 * author needs no purge.
 */
export const commentsProjection: Projection = {
  name: 'comments',
  handles: ['PassageCommented', 'CommentReplied', 'CommentThreadResolved', 'CommentThreadReopened'],
  migrations: [
    {
      id: 'comments-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_comment_threads (
          thread_id text PRIMARY KEY, doc_id text NOT NULL,
          anchor_start text NOT NULL, anchor_end text NOT NULL, quote text NOT NULL,
          author_id text NOT NULL, author_role text NOT NULL, text text NOT NULL,
          sealed boolean NOT NULL, at timestamptz NOT NULL, resolved boolean NOT NULL,
          status_by text, status_at timestamptz, position bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_comment_threads_doc ON rm_comment_threads (doc_id, position);
        CREATE TABLE IF NOT EXISTS rm_comment_replies (
          reply_id text PRIMARY KEY, thread_id text NOT NULL, doc_id text NOT NULL,
          author_id text NOT NULL, author_role text NOT NULL, text text NOT NULL,
          sealed boolean NOT NULL, at timestamptz NOT NULL, position bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_comment_replies_doc ON rm_comment_replies (doc_id, position);
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as CommentEvent;
    switch (event.type) {
      case 'PassageCommented': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_comment_threads (thread_id, doc_id, anchor_start, anchor_end, quote,
             author_id, author_role, text, sealed, at, resolved, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, $11)
           ON CONFLICT (thread_id) DO NOTHING`,
          [
            d.threadId,
            d.docId,
            d.anchor.start,
            d.anchor.end,
            d.quote,
            d.authorId,
            d.authorRole,
            d.text,
            d.sealed === true,
            d.at,
            recorded.position,
          ],
        );
        return;
      }
      case 'CommentReplied': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_comment_replies (reply_id, thread_id, doc_id, author_id, author_role,
             text, sealed, at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (reply_id) DO NOTHING`,
          [
            d.replyId,
            d.threadId,
            d.docId,
            d.authorId,
            d.authorRole,
            d.text,
            d.sealed === true,
            d.at,
            recorded.position,
          ],
        );
        return;
      }
      case 'CommentThreadResolved':
      case 'CommentThreadReopened':
        await tx.query(
          `UPDATE rm_comment_threads SET resolved = $2, status_by = $3, status_at = $4
           WHERE thread_id = $1`,
          [
            event.data.threadId,
            event.type === 'CommentThreadResolved',
            event.data.by,
            event.data.at,
          ],
        );
        return;
    }
  },
};
