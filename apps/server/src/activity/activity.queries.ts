import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

export interface EditSampleRow {
  readonly docId: string;
  readonly userId: string;
  readonly at: Date | string;
  readonly inserted: number;
  readonly deleted: number;
}

export interface PresenceRow {
  readonly docId: string;
  readonly userId: string;
  readonly from: Date | string;
  readonly to: Date | string | null;
}

export interface ActivityRows {
  /** Oldest first. */
  readonly edits: EditSampleRow[];
  readonly presence: PresenceRow[];
}

interface EditSampleRecord {
  doc_id: string;
  user_id: string;
  at: Date | string;
  inserted: number;
  deleted: number;
}

interface PresenceRecord {
  doc_id: string;
  user_id: string;
  from_at: Date | string;
  to_at: Date | string | null;
}

const editOf = (r: EditSampleRecord): EditSampleRow => ({
  docId: r.doc_id,
  userId: r.user_id,
  at: r.at,
  inserted: r.inserted,
  deleted: r.deleted,
});

const presenceOf = (r: PresenceRecord): PresenceRow => ({
  docId: r.doc_id,
  userId: r.user_id,
  from: r.from_at,
  to: r.to_at,
});

const EDITS = 'SELECT doc_id, user_id, at, inserted, deleted FROM rm_edit_samples';
const PRESENCE = 'SELECT doc_id, user_id, from_at, to_at FROM rm_presence_intervals';

/**
 * Reads of the edit samples and presence intervals the board-activity
 * projection keeps: the activity charts, the families' weekly time on task
 * and the live board's presence (the board's edits are runs and minutes, read
 * in `BoardQueries`).
 */
@Injectable()
export class ActivityQueries {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  /** Everyone the log says is in a document now (entered, not yet left). */
  async openVisits(): Promise<Array<{ docId: string; userId: string }>> {
    const rows = await this.db.query<{ doc_id: string; user_id: string }>(
      'SELECT doc_id, user_id FROM rm_presence WHERE present',
    );
    return rows.map((row) => ({ docId: row.doc_id, userId: row.user_id }));
  }

  /** One person's edits and presence in some documents since a time (presence still going then counts). */
  async ofPerson(docIds: readonly string[], userId: string, since: string): Promise<ActivityRows> {
    const [edits, presence] = await Promise.all([
      this.db.query<EditSampleRecord>(
        `${EDITS} WHERE doc_id = ANY($1::text[]) AND user_id = $2 AND at >= $3 ORDER BY at`,
        [docIds, userId, since],
      ),
      this.db.query<PresenceRecord>(
        `${PRESENCE} WHERE doc_id = ANY($1::text[]) AND user_id = $2 AND (to_at IS NULL OR to_at >= $3)`,
        [docIds, userId, since],
      ),
    ]);
    return { edits: edits.map(editOf), presence: presence.map(presenceOf) };
  }

  /** Everyone's edits and presence in one document, all time. */
  async ofDocument(docId: string): Promise<ActivityRows> {
    const [edits, presence] = await Promise.all([
      this.db.query<EditSampleRecord>(`${EDITS} WHERE doc_id = $1 ORDER BY at`, [docId]),
      this.db.query<PresenceRecord>(`${PRESENCE} WHERE doc_id = $1`, [docId]),
    ]);
    return { edits: edits.map(editOf), presence: presence.map(presenceOf) };
  }

  /** Everyone's presence in some documents since a time (presence still going then counts). */
  async presenceSince(docIds: readonly string[], since: string): Promise<PresenceRow[]> {
    const rows = await this.db.query<PresenceRecord>(
      `${PRESENCE} WHERE doc_id = ANY($1::text[]) AND (to_at IS NULL OR to_at >= $2)`,
      [docIds, since],
    );
    return rows.map(presenceOf);
  }
}
