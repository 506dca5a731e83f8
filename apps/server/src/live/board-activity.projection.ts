import type { ActivityEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/**
 * The facts the board's signal functions read, kept as samples rather than
 * totals: each attributed batch of edits with its time, and each stretch of
 * presence. Idle, stuck and time on task need the when, not only the how much.
 */
export const boardActivityProjection: Projection = {
  name: 'board-activity',
  handles: ['DocumentUpdated', 'WorkspaceEntered', 'WorkspaceLeft'],
  migrations: [
    {
      id: 'board-activity-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_edit_samples (
          position bigint PRIMARY KEY, doc_id text NOT NULL, user_id text NOT NULL,
          at timestamptz NOT NULL, inserted integer NOT NULL, deleted integer NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_edit_samples_doc ON rm_edit_samples (doc_id, at);
        CREATE TABLE IF NOT EXISTS rm_presence_intervals (
          position bigint PRIMARY KEY, doc_id text NOT NULL, user_id text NOT NULL,
          from_at timestamptz NOT NULL, to_at timestamptz);
        CREATE INDEX IF NOT EXISTS rm_presence_intervals_doc ON rm_presence_intervals (doc_id, user_id);
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ActivityEvent;
    const at = recorded.recordedAt.toISOString();
    switch (event.type) {
      case 'DocumentUpdated':
        await tx.query(
          `INSERT INTO rm_edit_samples (position, doc_id, user_id, at, inserted, deleted)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [
            recorded.position,
            event.data.docId,
            event.data.authorId,
            at,
            event.data.inserted,
            event.data.deleted,
          ],
        );
        return;
      case 'WorkspaceEntered':
        // A second entry without a leave (a crashed instance) keeps the earlier start.
        await tx.query(
          `INSERT INTO rm_presence_intervals (position, doc_id, user_id, from_at)
           SELECT $1, $2, $3, $4 WHERE NOT EXISTS (
             SELECT 1 FROM rm_presence_intervals WHERE doc_id = $2 AND user_id = $3 AND to_at IS NULL)
           ON CONFLICT DO NOTHING`,
          [recorded.position, event.data.docId, event.data.userId, at],
        );
        return;
      case 'WorkspaceLeft':
        await tx.query(
          `UPDATE rm_presence_intervals SET to_at = $3 WHERE doc_id = $1 AND user_id = $2 AND to_at IS NULL`,
          [event.data.docId, event.data.userId, at],
        );
        return;
      default:
        return;
    }
  },
};
