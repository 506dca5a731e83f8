import type { HelpRequested, PeerTutorDesignated, PeerTutorWithdrawn } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';

/**
 * Who tutors what, and what each help request is about: the subjects the live
 * queue filters by. Only requests and designations with a subject have a row;
 * no row means "any". Its own read model, so the help-request and roster read
 * models (and their batched writers) stay as they are.
 */
export const tutoringSubjectsProjection: Projection = {
  name: 'tutoring-subjects',
  handles: ['HelpRequested', 'PeerTutorDesignated', 'PeerTutorWithdrawn'],
  migrations: [
    {
      id: 'tutoring-subjects-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_help_request_subjects (
          request_id text PRIMARY KEY, subject text NOT NULL);
        CREATE TABLE IF NOT EXISTS rm_peer_tutor_subjects (
          classroom_id text NOT NULL, user_id text NOT NULL, subject text NOT NULL,
          PRIMARY KEY (classroom_id, user_id));
      `,
    },
  ],

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as
      HelpRequested | PeerTutorDesignated | PeerTutorWithdrawn;
    switch (event.type) {
      case 'HelpRequested':
        if (event.data.subject === undefined) return;
        await tx.query(
          `INSERT INTO rm_help_request_subjects (request_id, subject) VALUES ($1, $2)
           ON CONFLICT (request_id) DO NOTHING`,
          [event.data.requestId, event.data.subject],
        );
        return;
      case 'PeerTutorDesignated':
        // A designation without a subject replaces one with: any subject now.
        if (event.data.subject === undefined) {
          await removeTutor(tx, event.data.classroomId, event.data.studentId);
          return;
        }
        await tx.query(
          `INSERT INTO rm_peer_tutor_subjects (classroom_id, user_id, subject) VALUES ($1, $2, $3)
           ON CONFLICT (classroom_id, user_id) DO UPDATE SET subject = EXCLUDED.subject`,
          [event.data.classroomId, event.data.studentId, event.data.subject],
        );
        return;
      case 'PeerTutorWithdrawn':
        await removeTutor(tx, event.data.classroomId, event.data.studentId);
        return;
    }
  },
};

async function removeTutor(tx: SqlExecutor, classroomId: string, userId: string): Promise<void> {
  await tx.query('DELETE FROM rm_peer_tutor_subjects WHERE classroom_id = $1 AND user_id = $2', [
    classroomId,
    userId,
  ]);
}
