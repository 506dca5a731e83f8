import type { LearnerEvent, ProjectEvent } from '@commonplace/domain';
import type { SqlExecutor } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';
import type { RunWriter } from '../projections/apply-in-runs.js';
import { applyInRuns, insertRun } from '../projections/apply-in-runs.js';

/**
 * The classroom loop's project read models: each project's plan and lock,
 * every workspace's checkpoint states, submissions, feedback and responses,
 * and each student's journal and goals. (The roster projection keeps the
 * project's title and workspaces, which the older endpoints read.)
 */
export const projectsProjection: Projection = {
  name: 'projects',
  handles: [
    'ProjectAssigned',
    'ProjectPlanUpdated',
    'CheckpointReached',
    'CheckpointConfirmed',
    'CheckpointReopened',
    'ProjectSubmitted',
    'FeedbackGiven',
    'SubmissionReturned',
    'FeedbackResponded',
    'ProjectLocked',
    'ProjectUnlocked',
    'JournalEntryWritten',
    'PersonalGoalSet',
    'PersonalGoalDropped',
  ],
  migrations: [
    {
      id: 'projects-001-tables',
      sql: `
        CREATE TABLE IF NOT EXISTS rm_project_plans (
          project_id text PRIMARY KEY, classroom_id text NOT NULL, checkpoints jsonb NOT NULL,
          rubric jsonb, locked boolean NOT NULL DEFAULT false, assigned_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_project_plans_classroom ON rm_project_plans (classroom_id, assigned_at);
        CREATE TABLE IF NOT EXISTS rm_checkpoint_states (
          doc_id text NOT NULL, checkpoint_id text NOT NULL, state text NOT NULL,
          reached_at timestamptz, reached_by text, confirmed_at timestamptz, reopen_note text,
          PRIMARY KEY (doc_id, checkpoint_id));
        CREATE TABLE IF NOT EXISTS rm_submissions (
          submission_id text PRIMARY KEY, project_id text NOT NULL, doc_id text NOT NULL,
          document_revision integer NOT NULL, submitted_by text NOT NULL, submitted_at timestamptz NOT NULL,
          status text NOT NULL, returned_at timestamptz, return_note text, position bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_submissions_doc ON rm_submissions (doc_id, position);
        CREATE TABLE IF NOT EXISTS rm_feedback (
          feedback_id text PRIMARY KEY, submission_id text NOT NULL, doc_id text NOT NULL,
          comment text NOT NULL, scores jsonb NOT NULL, per_student jsonb NOT NULL,
          given_by text NOT NULL, given_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_feedback_submission ON rm_feedback (submission_id);
        CREATE TABLE IF NOT EXISTS rm_feedback_responses (
          position bigint PRIMARY KEY, feedback_id text NOT NULL, response text NOT NULL,
          responded_by text NOT NULL, responded_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS rm_feedback_responses_feedback ON rm_feedback_responses (feedback_id);
        CREATE TABLE IF NOT EXISTS rm_journal_entries (
          entry_id text NOT NULL, project_id text NOT NULL, student_id text NOT NULL,
          prompt text NOT NULL, text text NOT NULL, written_at timestamptz NOT NULL, position bigint NOT NULL,
          PRIMARY KEY (project_id, student_id, entry_id));
        CREATE TABLE IF NOT EXISTS rm_goals (
          goal_id text NOT NULL, project_id text NOT NULL, student_id text NOT NULL,
          checkpoint_id text NOT NULL, target_date timestamptz NOT NULL, note text, set_at timestamptz NOT NULL,
          PRIMARY KEY (project_id, student_id, goal_id));
      `,
    },
    {
      // The brief as edited lives here, in this projection's own table: the roster projection
      // runs on its own and must never be written by another (nor rebuilt without it).
      id: 'projects-002-brief',
      sql: 'ALTER TABLE rm_project_plans ADD COLUMN IF NOT EXISTS brief text',
    },
  ],

  /**
   * Human-paced and order-dependent (a submission supersedes the one before, a
   * goal is dropped after it was set), so only runs of plain additions go in as
   * one statement: a class writing its journal, setting goals, a teacher's
   * round of feedback and the class's responses. Everything else is applied
   * one by one, in its place.
   */
  async applyBatch(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await applyInRuns(events, tx, PROJECT_RUNS, (event, inTx) =>
      projectsProjection.apply(event, inTx),
    );
  },

  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ProjectEvent | LearnerEvent;
    const at = recorded.recordedAt.toISOString();
    switch (event.type) {
      case 'ProjectAssigned': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_project_plans (project_id, classroom_id, checkpoints, rubric, assigned_at, brief)
           VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6) ON CONFLICT DO NOTHING`,
          [
            d.projectId,
            d.classroomId,
            JSON.stringify(d.checkpoints ?? []),
            d.rubric ? JSON.stringify(d.rubric) : null,
            at,
            d.brief,
          ],
        );
        return;
      }
      case 'ProjectPlanUpdated': {
        const d = event.data;
        if (d.checkpoints) {
          await tx.query(
            'UPDATE rm_project_plans SET checkpoints = $2::jsonb WHERE project_id = $1',
            [d.projectId, JSON.stringify(d.checkpoints)],
          );
        }
        if (d.rubric) {
          await tx.query('UPDATE rm_project_plans SET rubric = $2::jsonb WHERE project_id = $1', [
            d.projectId,
            JSON.stringify(d.rubric),
          ]);
        }
        if (d.brief !== undefined) {
          await tx.query('UPDATE rm_project_plans SET brief = $2 WHERE project_id = $1', [
            d.projectId,
            d.brief,
          ]);
        }
        return;
      }
      case 'CheckpointReached': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_checkpoint_states (doc_id, checkpoint_id, state, reached_at, reached_by)
           VALUES ($1, $2, 'reached', $3, $4)
           ON CONFLICT (doc_id, checkpoint_id) DO UPDATE SET state = 'reached',
             reached_at = EXCLUDED.reached_at, reached_by = EXCLUDED.reached_by, confirmed_at = NULL`,
          [d.docId, d.checkpointId, d.reachedAt, d.reachedBy],
        );
        return;
      }
      case 'CheckpointConfirmed': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_checkpoint_states (doc_id, checkpoint_id, state, reached_at, confirmed_at)
           VALUES ($1, $2, 'confirmed', $3, $3)
           ON CONFLICT (doc_id, checkpoint_id) DO UPDATE SET state = 'confirmed', confirmed_at = EXCLUDED.confirmed_at`,
          [d.docId, d.checkpointId, d.confirmedAt],
        );
        return;
      }
      case 'CheckpointReopened': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_checkpoint_states (doc_id, checkpoint_id, state, reopen_note) VALUES ($1, $2, 'open', $3)
           ON CONFLICT (doc_id, checkpoint_id) DO UPDATE SET state = 'open', reached_at = NULL,
             reached_by = NULL, confirmed_at = NULL, reopen_note = EXCLUDED.reopen_note`,
          [d.docId, d.checkpointId, d.note ?? null],
        );
        return;
      }
      case 'ProjectSubmitted': {
        const d = event.data;
        await tx.query(
          `UPDATE rm_submissions SET status = 'superseded' WHERE doc_id = $1 AND status <> 'superseded'`,
          [d.docId],
        );
        await tx.query(
          `INSERT INTO rm_submissions (submission_id, project_id, doc_id, document_revision, submitted_by,
             submitted_at, status, position) VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7)
           ON CONFLICT DO NOTHING`,
          [
            d.submissionId,
            d.projectId,
            d.docId,
            d.documentRevision,
            d.submittedBy,
            d.submittedAt,
            recorded.position,
          ],
        );
        return;
      }
      case 'FeedbackGiven': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_feedback (feedback_id, submission_id, doc_id, comment, scores, per_student, given_by, given_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) ON CONFLICT DO NOTHING`,
          [
            d.feedbackId,
            d.submissionId,
            d.docId,
            d.comment,
            JSON.stringify(d.scores),
            JSON.stringify(d.perStudent),
            d.givenBy,
            d.givenAt,
          ],
        );
        return;
      }
      case 'SubmissionReturned': {
        const d = event.data;
        await tx.query(
          `UPDATE rm_submissions SET status = 'returned', returned_at = $2, return_note = $3 WHERE submission_id = $1`,
          [d.submissionId, d.returnedAt, d.note ?? null],
        );
        return;
      }
      case 'FeedbackResponded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_feedback_responses (position, feedback_id, response, responded_by, responded_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [recorded.position, d.feedbackId, d.response, d.respondedBy, d.respondedAt],
        );
        return;
      }
      case 'ProjectLocked':
      case 'ProjectUnlocked':
        await tx.query('UPDATE rm_project_plans SET locked = $2 WHERE project_id = $1', [
          event.data.projectId,
          event.type === 'ProjectLocked',
        ]);
        return;
      case 'JournalEntryWritten': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_journal_entries (entry_id, project_id, student_id, prompt, text, written_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [d.entryId, d.projectId, d.studentId, d.prompt, d.text, d.writtenAt, recorded.position],
        );
        return;
      }
      case 'PersonalGoalSet': {
        const d = event.data;
        await tx.query(
          `INSERT INTO rm_goals (goal_id, project_id, student_id, checkpoint_id, target_date, note, set_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [
            d.goalId,
            d.projectId,
            d.studentId,
            d.checkpointId,
            d.targetDate,
            d.note ?? null,
            d.setAt,
          ],
        );
        return;
      }
      case 'PersonalGoalDropped':
        await tx.query(
          'DELETE FROM rm_goals WHERE project_id = $1 AND student_id = $2 AND goal_id = $3',
          [event.data.projectId, event.data.studentId, event.data.goalId],
        );
        return;
      default:
        return;
    }
  },
};

type Data<T extends (ProjectEvent | LearnerEvent)['type']> = Extract<
  ProjectEvent | LearnerEvent,
  { type: T }
>['data'];

const PROJECT_RUNS: Readonly<Partial<Record<string, RunWriter>>> = {
  JournalEntryWritten: insertRun<Data<'JournalEntryWritten'>>('rm_journal_entries', [
    ['entry_id', 'text', (d) => d.entryId],
    ['project_id', 'text', (d) => d.projectId],
    ['student_id', 'text', (d) => d.studentId],
    ['prompt', 'text', (d) => d.prompt],
    ['text', 'text', (d) => d.text],
    ['written_at', 'timestamptz', (d) => d.writtenAt],
    ['position', 'bigint', (_, event) => event.position],
  ]),
  PersonalGoalSet: insertRun<Data<'PersonalGoalSet'>>('rm_goals', [
    ['goal_id', 'text', (d) => d.goalId],
    ['project_id', 'text', (d) => d.projectId],
    ['student_id', 'text', (d) => d.studentId],
    ['checkpoint_id', 'text', (d) => d.checkpointId],
    ['target_date', 'timestamptz', (d) => d.targetDate],
    ['note', 'text', (d) => d.note ?? null],
    ['set_at', 'timestamptz', (d) => d.setAt],
  ]),
  FeedbackGiven: insertRun<Data<'FeedbackGiven'>>('rm_feedback', [
    ['feedback_id', 'text', (d) => d.feedbackId],
    ['submission_id', 'text', (d) => d.submissionId],
    ['doc_id', 'text', (d) => d.docId],
    ['comment', 'text', (d) => d.comment],
    ['scores', 'jsonb', (d) => JSON.stringify(d.scores)],
    ['per_student', 'jsonb', (d) => JSON.stringify(d.perStudent)],
    ['given_by', 'text', (d) => d.givenBy],
    ['given_at', 'timestamptz', (d) => d.givenAt],
  ]),
  FeedbackResponded: insertRun<Data<'FeedbackResponded'>>('rm_feedback_responses', [
    ['position', 'bigint', (_, event) => event.position],
    ['feedback_id', 'text', (d) => d.feedbackId],
    ['response', 'text', (d) => d.response],
    ['responded_by', 'text', (d) => d.respondedBy],
    ['responded_at', 'timestamptz', (d) => d.respondedAt],
  ]),
};
