import type { TutoringEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';
import type { RunWriter } from '../projections/apply-in-runs.js';
import { applyInRuns, insertRun } from '../projections/apply-in-runs.js';

/** Help requests, the sessions they became, and session notes, as the API reads them. */
export const tutoringProjection: Projection = {
  name: 'tutoring',
  handles: [
    'HelpRequested',
    'HelpRequestReferred',
    'HelpRequestCancelled',
    'HelpRequestClaimed',
    'TutoringSessionStarted',
    'LinkedDocAccessSet',
    'SessionNoteAdded',
    'TutoringSessionEnded',
    'TutoringSessionRated',
  ],
  migrations: [
    {
      id: 'tutoring-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_help_requests (
          id text PRIMARY KEY, classroom_id text NOT NULL, student_id text NOT NULL,
          topic text NOT NULL, doc_id text, checkpoint_id text, status text NOT NULL,
          raised_at timestamptz NOT NULL, referred_to text, referral_note text, session_id text);
        CREATE INDEX IF NOT EXISTS rm_help_requests_classroom ON rm_help_requests (classroom_id, status, raised_at);
        CREATE TABLE IF NOT EXISTS rm_tutoring_sessions (
          id text PRIMARY KEY, request_id text NOT NULL, classroom_id text NOT NULL,
          tutor_id text NOT NULL, student_id text NOT NULL, scratchpad_doc_id text NOT NULL,
          linked_doc_id text, linked_doc_readable boolean NOT NULL, status text NOT NULL,
          started_at timestamptz NOT NULL, ended_at timestamptz, summary text,
          rating_stars integer, rating_comment text);
        CREATE INDEX IF NOT EXISTS rm_tutoring_sessions_classroom ON rm_tutoring_sessions (classroom_id, started_at);
        CREATE UNIQUE INDEX IF NOT EXISTS rm_tutoring_sessions_pad ON rm_tutoring_sessions (scratchpad_doc_id);
        CREATE TABLE IF NOT EXISTS rm_tutoring_notes (
          id text PRIMARY KEY, session_id text NOT NULL, author_id text NOT NULL,
          text text NOT NULL, written_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_tutoring_notes_session ON rm_tutoring_notes (session_id, written_at);
      `,
    },
    {
      // Students' free text stays sealed with its writer's key here too, opened only when shown.
      id: 'tutoring-002-sealed-text',
      sql: `
        ALTER TABLE rm_help_requests ADD COLUMN IF NOT EXISTS sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_tutoring_notes ADD COLUMN IF NOT EXISTS sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_tutoring_sessions ADD COLUMN IF NOT EXISTS summary_sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_tutoring_sessions ADD COLUMN IF NOT EXISTS comment_sealed boolean NOT NULL DEFAULT false;
        ALTER TABLE rm_tutoring_sessions ADD COLUMN IF NOT EXISTS ended_by text;
      `,
    },
    {
      // A teacher's referral note is about the student: sealed with the student's key, opened only when shown.
      id: 'tutoring-003-sealed-referral-note',
      sql: `
        ALTER TABLE rm_help_requests ADD COLUMN IF NOT EXISTS referral_note_sealed boolean NOT NULL DEFAULT false;
      `,
    },
  ],

  /**
   * A request's life is order-dependent (raised, claimed, a session started
   * on it, ended, rated), so only runs of plain additions go in as one
   * statement: a class raising its hands at once, a session's notes.
   * Everything else is applied one by one, in its place.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await applyInRuns(events, tx, TUTORING_RUNS, (event, inTx) =>
      tutoringProjection.apply(event, inTx),
    );
  },

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as TutoringEvent;
    switch (event.type) {
      case 'HelpRequested': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_help_requests (id, classroom_id, student_id, topic, sealed, doc_id, checkpoint_id, status, raised_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT (id) DO NOTHING`,
          [
            d.requestId,
            d.classroomId,
            d.studentId,
            d.topic,
            d.sealed === true,
            d.docId,
            d.checkpointId,
            d.at,
          ],
        );
        return;
      }
      case 'HelpRequestReferred':
        await tx.query(
          `UPDATE rm_help_requests SET referred_to = $2, referral_note = $3, referral_note_sealed = $4
           WHERE id = $1`,
          [event.data.requestId, event.data.tutorId, event.data.note, event.data.sealed === true],
        );
        return;
      case 'HelpRequestCancelled':
        await tx.query(`UPDATE rm_help_requests SET status = 'cancelled' WHERE id = $1`, [
          event.data.requestId,
        ]);
        return;
      case 'HelpRequestClaimed':
        await tx.query(`UPDATE rm_help_requests SET status = 'claimed' WHERE id = $1`, [
          event.data.requestId,
        ]);
        return;
      case 'TutoringSessionStarted': {
        const d = event.data;
        await tx.query('UPDATE rm_help_requests SET session_id = $2 WHERE id = $1', [
          d.requestId,
          d.sessionId,
        ]);
        await tx.query(
          `INSERT INTO rm_tutoring_sessions (id, request_id, classroom_id, tutor_id, student_id,
             scratchpad_doc_id, linked_doc_id, linked_doc_readable, status, started_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, false, 'live', $8) ON CONFLICT (id) DO NOTHING`,
          [
            d.sessionId,
            d.requestId,
            d.classroomId,
            d.tutorId,
            d.studentId,
            d.scratchpadDocId,
            d.linkedDocId,
            d.at,
          ],
        );
        return;
      }
      case 'LinkedDocAccessSet':
        await tx.query('UPDATE rm_tutoring_sessions SET linked_doc_readable = $2 WHERE id = $1', [
          event.data.sessionId,
          event.data.allowed,
        ]);
        return;
      case 'SessionNoteAdded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_tutoring_notes (id, session_id, author_id, text, sealed, written_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [d.noteId, d.sessionId, d.authorId, d.text, d.sealed === true, d.at],
        );
        return;
      }
      case 'TutoringSessionEnded':
        await tx.query(
          `UPDATE rm_tutoring_sessions
           SET status = 'ended', ended_at = $2, summary = $3, summary_sealed = $4, ended_by = $5
           WHERE id = $1`,
          [
            event.data.sessionId,
            event.data.at,
            event.data.summary,
            event.data.sealed === true,
            event.data.by,
          ],
        );
        return;
      case 'TutoringSessionRated':
        await tx.query(
          `UPDATE rm_tutoring_sessions SET rating_stars = $2, rating_comment = $3, comment_sealed = $4
           WHERE id = $1`,
          [event.data.sessionId, event.data.stars, event.data.comment, event.data.sealed === true],
        );
        return;
    }
  },
};

type Data<T extends TutoringEvent['type']> = Extract<TutoringEvent, { type: T }>['data'];

const TUTORING_RUNS: Readonly<Partial<Record<string, RunWriter>>> = {
  HelpRequested: insertRun<Data<'HelpRequested'>>('rm_help_requests', [
    ['id', 'text', (d) => d.requestId],
    ['classroom_id', 'text', (d) => d.classroomId],
    ['student_id', 'text', (d) => d.studentId],
    ['topic', 'text', (d) => d.topic],
    ['sealed', 'boolean', (d) => d.sealed === true],
    ['doc_id', 'text', (d) => d.docId],
    ['checkpoint_id', 'text', (d) => d.checkpointId],
    ['status', 'text', () => 'open'],
    ['raised_at', 'timestamptz', (d) => d.at],
  ]),
  SessionNoteAdded: insertRun<Data<'SessionNoteAdded'>>('rm_tutoring_notes', [
    ['id', 'text', (d) => d.noteId],
    ['session_id', 'text', (d) => d.sessionId],
    ['author_id', 'text', (d) => d.authorId],
    ['text', 'text', (d) => d.text],
    ['sealed', 'boolean', (d) => d.sealed === true],
    ['written_at', 'timestamptz', (d) => d.at],
  ]),
};
