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

  /**
   * A busy classroom appends hundreds of changes a second: sums each person's
   * counts per doc and keeps each person's last presence per doc, so a batch
   * costs two statements however many events it holds. Same effect as `apply`
   * one by one: sums commute, and the last presence event is the one that stays.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const contributions = new Map<
      string,
      { docId: string; userId: string; inserted: number; deleted: number; at: string }
    >();
    const presence = new Map<
      string,
      { docId: string; userId: string; present: boolean; at: string }
    >();
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as ActivityEvent;
      const at = recorded.recordedAt.toISOString();
      if (event.type === 'DocumentUpdated') {
        const { docId, authorId, inserted, deleted } = event.data;
        const key = JSON.stringify([docId, authorId]);
        const sum = contributions.get(key);
        if (sum === undefined) {
          contributions.set(key, { docId, userId: authorId, inserted, deleted, at });
        } else {
          sum.inserted += inserted;
          sum.deleted += deleted;
          sum.at = at;
        }
      } else if (event.type === 'WorkspaceEntered' || event.type === 'WorkspaceLeft') {
        const { docId, userId } = event.data;
        presence.set(JSON.stringify([docId, userId]), {
          docId,
          userId,
          present: event.type === 'WorkspaceEntered',
          at,
        });
      }
    }
    if (contributions.size > 0) {
      const rows = [...contributions.values()];
      await tx.query(
        `INSERT INTO rm_contributions (doc_id, user_id, inserted, deleted, last_edit_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::integer[], $5::timestamptz[])
         ON CONFLICT (doc_id, user_id) DO UPDATE SET
           inserted = rm_contributions.inserted + EXCLUDED.inserted,
           deleted = rm_contributions.deleted + EXCLUDED.deleted,
           last_edit_at = EXCLUDED.last_edit_at`,
        [
          rows.map((row) => row.docId),
          rows.map((row) => row.userId),
          rows.map((row) => row.inserted),
          rows.map((row) => row.deleted),
          rows.map((row) => row.at),
        ],
      );
    }
    if (presence.size > 0) {
      const rows = [...presence.values()];
      await tx.query(
        `INSERT INTO rm_presence (doc_id, user_id, present, last_seen_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[])
         ON CONFLICT (doc_id, user_id) DO UPDATE SET present = EXCLUDED.present, last_seen_at = EXCLUDED.last_seen_at`,
        [
          rows.map((row) => row.docId),
          rows.map((row) => row.userId),
          rows.map((row) => row.present),
          rows.map((row) => row.at),
        ],
      );
    }
  },

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
