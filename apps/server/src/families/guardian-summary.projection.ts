import type { GuardianSummaryEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/**
 * Who gets the weekly summary and at which address, kept sealed as the event
 * holds it (opened only to send). The weeks sent stay in each guardian's
 * stream, which decides whether a week may be sent.
 */
export const guardianSummaryProjection: Projection = {
  name: 'guardian-summary',
  handles: ['GuardianSummarySubscribed', 'GuardianSummaryUnsubscribed'],
  migrations: [
    {
      id: 'guardian-summary-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_guardian_summaries (
          guardian_id text PRIMARY KEY, email_sealed text, subscribed boolean NOT NULL);
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as GuardianSummaryEvent;
    if (event.type === 'GuardianSummarySubscribed') {
      await tx.query(
        `INSERT INTO rm_guardian_summaries (guardian_id, email_sealed, subscribed) VALUES ($1, $2, true)
         ON CONFLICT (guardian_id) DO UPDATE SET email_sealed = $2, subscribed = true`,
        [event.data.guardianId, event.data.email],
      );
    } else if (event.type === 'GuardianSummaryUnsubscribed') {
      await tx.query(
        `UPDATE rm_guardian_summaries SET email_sealed = NULL, subscribed = false WHERE guardian_id = $1`,
        [event.data.guardianId],
      );
    }
  },
};
