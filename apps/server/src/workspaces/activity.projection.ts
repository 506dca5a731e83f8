import type { ActivityEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/** Who contributed how much to which workspace, and who is there right now. */
export const activityProjection: Projection = {
  name: 'activity',
  handles: ['DocumentUpdated', 'WorkspaceEntered', 'WorkspaceLeft'],
  migrations: [
    {
      id: 'activity-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_contributions (
          doc_id text NOT NULL, user_id text NOT NULL,
          inserted integer NOT NULL DEFAULT 0, deleted integer NOT NULL DEFAULT 0,
          last_edit_at timestamptz, PRIMARY KEY (doc_id, user_id));
        CREATE TABLE IF NOT EXISTS rm_presence (
          doc_id text NOT NULL, user_id text NOT NULL, present boolean NOT NULL,
          last_seen_at timestamptz NOT NULL, PRIMARY KEY (doc_id, user_id));
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ActivityEvent;
    const at = recorded.recordedAt.toISOString();
    switch (event.type) {
      case 'DocumentUpdated':
        await tx.query(
          `INSERT INTO rm_contributions (doc_id, user_id, inserted, deleted, last_edit_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (doc_id, user_id) DO UPDATE SET
             inserted = rm_contributions.inserted + EXCLUDED.inserted,
             deleted = rm_contributions.deleted + EXCLUDED.deleted,
             last_edit_at = EXCLUDED.last_edit_at`,
          [event.data.docId, event.data.authorId, event.data.inserted, event.data.deleted, at],
        );
        return;
      case 'WorkspaceEntered':
      case 'WorkspaceLeft':
        await tx.query(
          `INSERT INTO rm_presence (doc_id, user_id, present, last_seen_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (doc_id, user_id) DO UPDATE SET present = EXCLUDED.present, last_seen_at = EXCLUDED.last_seen_at`,
          [event.data.docId, event.data.userId, event.type === 'WorkspaceEntered', at],
        );
        return;
    }
  },
};
