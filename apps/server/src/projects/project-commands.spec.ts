import { describe, expect, it } from '@jest/globals';
import type { ProjectCommand, ProjectEvent } from '@commonplace/domain';
import { DomainError, projectsDecider, streams } from '@commonplace/domain';
import { commandSpec } from '../testing/command-spec.js';
import { projectsProjection } from './projects.projection.js';

const assigned: ProjectEvent = {
  type: 'ProjectAssigned',
  data: {
    projectId: 'p1',
    classroomId: 'c1',
    title: 'Pond life',
    brief: 'What lives in the school pond?',
    assignedBy: 'teacher',
    workspaces: [{ groupId: 'g1', docId: 'd1' }],
  },
};
const locked: ProjectEvent = {
  type: 'ProjectLocked',
  data: { projectId: 'p1', lockedBy: 'teacher', lockedAt: '2026-11-25T09:00:00.000Z' },
};
const submit: Omit<ProjectCommand, 'metadata'> = {
  type: 'SubmitProject',
  data: {
    projectId: 'p1',
    docId: 'd1',
    submissionId: 's1',
    documentRevision: 7,
    actor: { role: 'student', groupId: 'g1' },
  },
};
const submissions = {
  submissions: 'SELECT submission_id, submitted_by, status FROM rm_submissions ORDER BY position',
};

describe('project commands, through the command handler', () => {
  const spec = commandSpec(projectsDecider, { projections: [projectsProjection] });
  const project = streams.project('p1');

  it('appends a submission stamped with who and when, which the read model then shows', async () => {
    const outcome = await spec.given(project, assigned).when('ana', submit, submissions);
    expect(outcome.error).toBeUndefined();
    expect(outcome.appended).toEqual([
      expect.objectContaining({
        streamName: 'project-p1',
        revision: 1,
        type: 'ProjectSubmitted',
        data: {
          projectId: 'p1',
          docId: 'd1',
          submissionId: 's1',
          documentRevision: 7,
          submittedBy: 'ana',
          submittedAt: expect.any(String),
        },
        metadata: { at: expect.any(String), by: 'ana', command: 'SubmitProject' },
      }),
    ]);
    const [event] = outcome.appended;
    // The domain reads no clock: the time in the data is the command's stamp.
    expect((event?.data as { submittedAt: string }).submittedAt).toBe(event?.metadata.at);
    expect(outcome.rows.submissions).toEqual([
      { submission_id: 's1', submitted_by: 'ana', status: 'submitted' },
    ]);
  });

  it('refuses a submission to a locked project with its code, appending and showing nothing', async () => {
    const outcome = await spec.given(project, assigned, locked).when('ana', submit, submissions);
    expect(outcome.error).toBeInstanceOf(DomainError);
    expect(outcome.error).toMatchObject({ code: 'projects.locked' });
    expect(outcome.appended).toEqual([]);
    expect(outcome.rows.submissions).toEqual([]);
  });

  it('appends nothing when a locked project is locked again', async () => {
    const outcome = await spec.given(project, assigned, locked).when('teacher', {
      type: 'LockProject',
      data: { projectId: 'p1', actor: { role: 'staff' } },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.appended).toEqual([]);
  });
});
