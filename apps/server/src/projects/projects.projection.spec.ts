import { describe, expect, it } from '@jest/globals';
import type { LearnerEvent, ProjectEvent } from '@commonplace/domain';
import type { GivenEvent } from '../testing/projection-spec.js';
import { projectionSpec } from '../testing/projection-spec.js';
import { projectsProjection } from './projects.projection.js';

/** Typed by the domain, so a spec cannot feed the projection an event shape that never occurs. */
const event = (domainEvent: ProjectEvent | LearnerEvent, streamName?: string): GivenEvent => ({
  ...domainEvent,
  ...(streamName ? { streamName } : {}),
});

const assigned = event(
  {
    type: 'ProjectAssigned',
    data: {
      projectId: 'p1',
      classroomId: 'c1',
      title: 'Pond life',
      brief: 'What lives in the school pond?',
      assignedBy: 'teacher',
      workspaces: [{ groupId: 'g1', docId: 'd1' }],
      checkpoints: [{ checkpointId: 'k1', title: 'Plan', dueAt: '2026-12-01T09:00:00.000Z' }],
    },
  },
  'project-p1',
);

const submitted = (submissionId: string, documentRevision: number) =>
  event({
    type: 'ProjectSubmitted',
    data: {
      projectId: 'p1',
      docId: 'd1',
      submissionId,
      documentRevision,
      submittedBy: 'ana',
      submittedAt: '2026-11-24T10:00:00.000Z',
    },
  });

describe('projects projection', () => {
  const spec = projectionSpec(projectsProjection);

  it('keeps the plan as assigned, edited, locked and unlocked', async () => {
    const { plans } = await spec
      .given(
        assigned,
        event({
          type: 'ProjectPlanUpdated',
          data: {
            projectId: 'p1',
            brief: 'What lives in the pond, and why?',
            updatedBy: 'teacher',
          },
        }),
        event({
          type: 'ProjectLocked',
          data: { projectId: 'p1', lockedBy: 'teacher', lockedAt: '2026-11-25T09:00:00.000Z' },
        }),
      )
      .then({
        plans: `SELECT project_id, classroom_id, brief, checkpoints, rubric, locked, assigned_at::text
                  FROM rm_project_plans ORDER BY project_id`,
      });
    expect(plans).toEqual([
      {
        project_id: 'p1',
        classroom_id: 'c1',
        brief: 'What lives in the pond, and why?',
        checkpoints: [{ checkpointId: 'k1', title: 'Plan', dueAt: '2026-12-01T09:00:00.000Z' }],
        rubric: null,
        locked: true,
        // When the assignment was recorded (the spec's first second), not a time in its data.
        assigned_at: '2026-11-23 09:00:00+00',
      },
    ]);

    const unlocked = await spec
      .given(
        assigned,
        event({
          type: 'ProjectLocked',
          data: { projectId: 'p1', lockedBy: 'teacher', lockedAt: '2026-11-25T09:00:00.000Z' },
        }),
        event({
          type: 'ProjectUnlocked',
          data: { projectId: 'p1', unlockedBy: 'teacher', unlockedAt: '2026-11-25T10:00:00.000Z' },
        }),
      )
      .then({ locked: 'SELECT locked FROM rm_project_plans' });
    expect(unlocked.locked).toEqual([{ locked: false }]);
  });

  it('marks each earlier submission superseded and keeps a return with its note', async () => {
    const { submissions } = await spec
      .given(
        assigned,
        submitted('s1', 4),
        event({
          type: 'SubmissionReturned',
          data: {
            projectId: 'p1',
            docId: 'd1',
            submissionId: 's1',
            returnedBy: 'teacher',
            returnedAt: '2026-11-24T12:00:00.000Z',
            note: 'Add your sources',
          },
        }),
        submitted('s2', 9),
        submitted('s3', 11),
      )
      .then({
        submissions: `SELECT submission_id, document_revision, status, return_note
                        FROM rm_submissions ORDER BY position`,
      });
    expect(submissions).toEqual([
      {
        submission_id: 's1',
        document_revision: 4,
        status: 'superseded',
        return_note: 'Add your sources',
      },
      { submission_id: 's2', document_revision: 9, status: 'superseded', return_note: null },
      { submission_id: 's3', document_revision: 11, status: 'submitted', return_note: null },
    ]);
  });

  it('reopens a confirmed checkpoint with the note, forgetting who reached it', async () => {
    const checkpoint = { projectId: 'p1', docId: 'd1', checkpointId: 'k1' };
    const { checkpoints } = await spec
      .given(
        assigned,
        event({
          type: 'CheckpointReached',
          data: { ...checkpoint, reachedBy: 'ana', reachedAt: '2026-11-24T09:00:00.000Z' },
        }),
        event({
          type: 'CheckpointConfirmed',
          data: { ...checkpoint, confirmedBy: 'teacher', confirmedAt: '2026-11-24T11:00:00.000Z' },
        }),
        event({
          type: 'CheckpointReopened',
          data: {
            ...checkpoint,
            reopenedBy: 'teacher',
            reopenedAt: '2026-11-25T09:00:00.000Z',
            note: 'Say how you will measure it',
          },
        }),
      )
      .then({
        checkpoints: `SELECT doc_id, checkpoint_id, state, reached_at, reached_by, confirmed_at, reopen_note
                        FROM rm_checkpoint_states ORDER BY doc_id, checkpoint_id`,
      });
    expect(checkpoints).toEqual([
      {
        doc_id: 'd1',
        checkpoint_id: 'k1',
        state: 'open',
        reached_at: null,
        reached_by: null,
        confirmed_at: null,
        reopen_note: 'Say how you will measure it',
      },
    ]);
  });

  it('keeps a class’s journal and goals, less the goals dropped, in batches as one by one', async () => {
    const goal = (studentId: string, goalId: string) =>
      event({
        type: 'PersonalGoalSet',
        data: {
          projectId: 'p1',
          studentId,
          goalId,
          checkpointId: 'k1',
          targetDate: '2026-11-30T00:00:00.000Z',
          setAt: '2026-11-24T09:00:00.000Z',
        },
      });
    const entry = (studentId: string, entryId: string, text: string) =>
      event({
        type: 'JournalEntryWritten',
        data: {
          projectId: 'p1',
          studentId,
          entryId,
          prompt: 'What did you try today?',
          text,
          writtenAt: '2026-11-24T15:00:00.000Z',
        },
      });
    // Runs of plain additions go in as one statement each; the drop between them must land in its place.
    const { goals, journal } = await spec
      .given(
        assigned,
        goal('ana', 'g1'),
        goal('ben', 'g2'),
        goal('ana', 'g3'),
        event({
          type: 'PersonalGoalDropped',
          data: { projectId: 'p1', studentId: 'ana', goalId: 'g1' },
        }),
        goal('ana', 'g1'),
        entry('ana', 'e1', 'Counted tadpoles'),
        entry('ben', 'e1', 'Took a water sample'),
        event({
          type: 'PersonalGoalDropped',
          data: { projectId: 'p1', studentId: 'ben', goalId: 'g2' },
        }),
      )
      .then({
        goals: 'SELECT student_id, goal_id FROM rm_goals ORDER BY student_id, goal_id',
        journal:
          'SELECT student_id, text, position::integer AS position FROM rm_journal_entries ORDER BY position',
      });
    expect(goals).toEqual([
      { student_id: 'ana', goal_id: 'g1' },
      { student_id: 'ana', goal_id: 'g3' },
    ]);
    expect(journal).toEqual([
      { student_id: 'ana', text: 'Counted tadpoles', position: 7 },
      { student_id: 'ben', text: 'Took a water sample', position: 8 },
    ]);
  });
});
