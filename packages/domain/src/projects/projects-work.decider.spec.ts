import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { ProjectActor, ProjectCommand } from './commands.js';
import type { Checkpoint, ProjectEvent, Rubric } from './events.js';
import { projectsDecider } from './projects.decider.js';

const given = specFor(projectsDecider);
const projectId = 'p-1';
const at = '2026-11-23T10:00:00.000Z';
const teacher = 'u-teacher';
const staff: ProjectActor = { role: 'staff' };
const otter: ProjectActor = { role: 'student', groupId: 'g-otters' };
const heron: ProjectActor = { role: 'student', groupId: 'g-herons' };
const meta = (by: string) => ({ at, by });

const checkpoints: Checkpoint[] = [
  { checkpointId: 'cp-question', title: 'Question chosen', dueAt: '2026-11-24T15:00:00.000Z' },
  { checkpointId: 'cp-draft', title: 'First draft', dueAt: '2026-11-28T15:00:00.000Z' },
];
const rubric: Rubric = {
  criteria: [
    {
      criterionId: 'cr-evidence',
      title: 'Use of evidence',
      levels: [
        { levelId: 'l-1', title: 'Emerging', points: 1 },
        { levelId: 'l-2', title: 'Secure', points: 2 },
      ],
    },
  ],
};
const assigned: ProjectEvent = {
  type: 'ProjectAssigned',
  data: {
    projectId,
    classroomId: 'c-1',
    title: 'Rivers',
    brief: 'Map a river.',
    assignedBy: teacher,
    workspaces: [
      { groupId: 'g-otters', docId: 'd-otters' },
      { groupId: 'g-herons', docId: 'd-herons' },
    ],
    checkpoints,
    rubric,
    individualWorkspaces: [{ studentId: 'u-solo', docId: 'd-solo' }],
  },
};
const reached: ProjectEvent = {
  type: 'CheckpointReached',
  data: {
    projectId,
    docId: 'd-otters',
    checkpointId: 'cp-question',
    reachedBy: 'u-ana',
    reachedAt: at,
  },
};
const submitted = (submissionId = 's-1', documentRevision = 42): ProjectEvent => ({
  type: 'ProjectSubmitted',
  data: {
    projectId,
    docId: 'd-otters',
    submissionId,
    documentRevision,
    submittedBy: 'u-ana',
    submittedAt: at,
  },
});
const feedback: ProjectEvent = {
  type: 'FeedbackGiven',
  data: {
    projectId,
    docId: 'd-otters',
    submissionId: 's-1',
    feedbackId: 'f-1',
    comment: 'Good sources; cite them.',
    scores: [{ criterionId: 'cr-evidence', levelId: 'l-1' }],
    perStudent: [{ studentId: 'u-ana', comment: 'Great map.' }],
    givenBy: teacher,
    givenAt: at,
  },
};
const returned: ProjectEvent = {
  type: 'SubmissionReturned',
  data: {
    projectId,
    docId: 'd-otters',
    submissionId: 's-1',
    returnedBy: teacher,
    returnedAt: at,
    note: 'Add citations.',
  },
};
const locked: ProjectEvent = {
  type: 'ProjectLocked',
  data: { projectId, lockedBy: teacher, lockedAt: at },
};

const command = <T extends ProjectCommand['type']>(
  type: T,
  data: Omit<Extract<ProjectCommand, { type: T }>['data'], 'projectId'>,
  by: string,
) => ({ type, data: { projectId, ...data }, metadata: meta(by) }) as unknown as ProjectCommand;

describe('projects decider: assigning and planning', () => {
  const assign = (
    overrides: Partial<Extract<ProjectCommand, { type: 'AssignProject' }>['data']>,
  ): ProjectCommand => ({
    type: 'AssignProject',
    data: {
      projectId,
      classroomId: 'c-1',
      title: 'Rivers',
      brief: 'Map a river.',
      workspaces: [],
      ...overrides,
    },
    metadata: meta(teacher),
  });

  it('assigns with checkpoints, a rubric and individual workspaces', () => {
    const { assignedBy: _assignedBy, ...data } = assigned.data as Extract<
      ProjectEvent,
      { type: 'ProjectAssigned' }
    >['data'];
    expect(given([]).when({ type: 'AssignProject', data, metadata: meta(teacher) })).toEqual({
      events: [assigned],
    });
  });

  it('assigns to individuals alone', () => {
    const result = given([]).when(
      assign({ individualWorkspaces: [{ studentId: 'u-solo', docId: 'd-solo' }] }),
    );
    expect('events' in result && result.events[0]?.type).toBe('ProjectAssigned');
  });

  it('refuses checkpoints whose due dates go backwards', () => {
    const backwards = [checkpoints[1], checkpoints[0]] as Checkpoint[];
    expect(
      refusalCode(
        given([]).when(
          assign({ workspaces: [{ groupId: 'g', docId: 'd' }], checkpoints: backwards }),
        ),
      ),
    ).toBe('projects.checkpoints-invalid');
  });

  it('refuses two checkpoints with the same id', () => {
    const twice = [checkpoints[0], checkpoints[0]] as Checkpoint[];
    expect(
      refusalCode(
        given([]).when(assign({ workspaces: [{ groupId: 'g', docId: 'd' }], checkpoints: twice })),
      ),
    ).toBe('projects.checkpoints-invalid');
  });

  it('refuses a rubric criterion with fewer than two levels', () => {
    const thin: Rubric = {
      criteria: [
        { criterionId: 'c', title: 'Effort', levels: [{ levelId: 'l', title: 'Ok', points: 1 }] },
      ],
    };
    expect(
      refusalCode(
        given([]).when(assign({ workspaces: [{ groupId: 'g', docId: 'd' }], rubric: thin })),
      ),
    ).toBe('projects.rubric-invalid');
  });

  it('lets the teacher revise the brief and checkpoints', () => {
    expect(
      given([assigned]).when(
        command(
          'UpdateProjectPlan',
          { actor: staff, brief: 'Map two rivers.', checkpoints },
          teacher,
        ),
      ),
    ).toEqual({
      events: [
        {
          type: 'ProjectPlanUpdated',
          data: { projectId, brief: 'Map two rivers.', checkpoints, updatedBy: teacher },
        },
      ],
    });
  });

  it('records nothing when the plan update changes nothing', () => {
    expect(given([assigned]).when(command('UpdateProjectPlan', { actor: staff }, teacher))).toEqual(
      {
        events: [],
      },
    );
  });

  it('refuses a student revising the plan', () => {
    expect(
      refusalCode(
        given([assigned]).when(command('UpdateProjectPlan', { actor: otter, brief: 'x' }, 'u-ana')),
      ),
    ).toBe('projects.not-staff');
  });

  it('refuses an invalid rubric in a plan update', () => {
    expect(
      refusalCode(
        given([assigned]).when(
          command('UpdateProjectPlan', { actor: staff, rubric: { criteria: [] } }, teacher),
        ),
      ),
    ).toBe('projects.rubric-invalid');
  });

  it('refuses working on a project that does not exist', () => {
    expect(refusalCode(given([]).when(command('LockProject', { actor: staff }, teacher)))).toBe(
      'projects.project-not-found',
    );
  });
});

describe('projects decider: checkpoints', () => {
  const mark = (
    actor: ProjectActor,
    by = 'u-ana',
    docId = 'd-otters',
    checkpointId = 'cp-question',
  ) => command('MarkCheckpointReached', { docId, checkpointId, actor }, by);
  const confirm = (actor: ProjectActor, by = teacher, checkpointId = 'cp-question') =>
    command('ConfirmCheckpoint', { docId: 'd-otters', checkpointId, actor }, by);
  const reopen = (actor: ProjectActor, by = teacher) =>
    command(
      'ReopenCheckpoint',
      { docId: 'd-otters', checkpointId: 'cp-question', actor, note: 'Narrow it.' },
      by,
    );
  const confirmed: ProjectEvent = {
    type: 'CheckpointConfirmed',
    data: {
      projectId,
      docId: 'd-otters',
      checkpointId: 'cp-question',
      confirmedBy: teacher,
      confirmedAt: at,
    },
  };

  it('lets a member of the group mark a checkpoint reached', () => {
    expect(given([assigned]).when(mark(otter))).toEqual({ events: [reached] });
  });

  it('lets a student mark a checkpoint in their own individual workspace', () => {
    const result = given([assigned]).when(mark({ role: 'student' }, 'u-solo', 'd-solo'));
    expect('events' in result && result.events[0]?.type).toBe('CheckpointReached');
  });

  it('records nothing when it is already reached', () => {
    expect(given([assigned, reached]).when(mark(otter))).toEqual({ events: [] });
  });

  it('refuses a student of another group', () => {
    expect(refusalCode(given([assigned]).when(mark(heron, 'u-hal')))).toBe('projects.not-a-member');
  });

  it('refuses a student in someone else’s individual workspace', () => {
    expect(refusalCode(given([assigned]).when(mark({ role: 'student' }, 'u-ana', 'd-solo')))).toBe(
      'projects.not-a-member',
    );
  });

  it('refuses a checkpoint that is not in the plan', () => {
    expect(refusalCode(given([assigned]).when(mark(otter, 'u-ana', 'd-otters', 'cp-x')))).toBe(
      'projects.checkpoint-not-found',
    );
  });

  it('refuses a workspace that is not in the project', () => {
    expect(refusalCode(given([assigned]).when(mark(otter, 'u-ana', 'd-x')))).toBe(
      'projects.workspace-not-found',
    );
  });

  it('refuses marking while the project is locked', () => {
    expect(refusalCode(given([assigned, locked]).when(mark(otter)))).toBe('projects.locked');
  });

  it('lets the teacher confirm a reached checkpoint', () => {
    expect(given([assigned, reached]).when(confirm(staff))).toEqual({ events: [confirmed] });
  });

  it('records nothing when it is confirmed again', () => {
    expect(given([assigned, reached, confirmed]).when(confirm(staff))).toEqual({ events: [] });
  });

  it('refuses a student confirming their own checkpoint', () => {
    expect(refusalCode(given([assigned, reached]).when(confirm(otter, 'u-ana')))).toBe(
      'projects.not-staff',
    );
  });

  it('refuses confirming a checkpoint nobody marked', () => {
    expect(refusalCode(given([assigned]).when(confirm(staff)))).toBe(
      'projects.checkpoint-not-reached',
    );
  });

  it('refuses confirming a checkpoint that is not in the plan', () => {
    expect(refusalCode(given([assigned, reached]).when(confirm(staff, teacher, 'cp-x')))).toBe(
      'projects.checkpoint-not-found',
    );
  });

  it('lets the teacher reopen a confirmed checkpoint, which the group can then mark again', () => {
    const reopened: ProjectEvent = {
      type: 'CheckpointReopened',
      data: {
        projectId,
        docId: 'd-otters',
        checkpointId: 'cp-question',
        reopenedBy: teacher,
        reopenedAt: at,
        note: 'Narrow it.',
      },
    };
    expect(given([assigned, reached, confirmed]).when(reopen(staff))).toEqual({
      events: [reopened],
    });
    expect(given([assigned, reached, confirmed, reopened]).when(mark(otter))).toEqual({
      events: [reached],
    });
  });

  it('refuses reopening a checkpoint that is still open', () => {
    expect(refusalCode(given([assigned]).when(reopen(staff)))).toBe(
      'projects.checkpoint-not-reached',
    );
  });

  it('refuses a student reopening a checkpoint', () => {
    expect(refusalCode(given([assigned, reached]).when(reopen(otter, 'u-ana')))).toBe(
      'projects.not-staff',
    );
  });
});

describe('projects decider: submission, feedback and revision', () => {
  const submit = (
    actor: ProjectActor = otter,
    submissionId = 's-1',
    documentRevision = 42,
    by = 'u-ana',
  ) => command('SubmitProject', { docId: 'd-otters', submissionId, documentRevision, actor }, by);
  const give = (
    overrides: Partial<Extract<ProjectCommand, { type: 'GiveFeedback' }>['data']> = {},
    by = teacher,
  ) =>
    command(
      'GiveFeedback',
      {
        docId: 'd-otters',
        submissionId: 's-1',
        feedbackId: 'f-1',
        comment: 'Good sources; cite them.',
        scores: [{ criterionId: 'cr-evidence', levelId: 'l-1' }],
        perStudent: [{ studentId: 'u-ana', comment: 'Great map.' }],
        actor: staff,
        ...overrides,
      },
      by,
    );
  const giveBack = (actor: ProjectActor = staff, submissionId = 's-1', by = teacher) =>
    command(
      'ReturnForRevision',
      { docId: 'd-otters', submissionId, note: 'Add citations.', actor },
      by,
    );
  const respond = (actor: ProjectActor = otter, feedbackId = 'f-1', by = 'u-ana') =>
    command(
      'RespondToFeedback',
      { docId: 'd-otters', feedbackId, response: 'Added them.', actor },
      by,
    );

  it('submits the group’s work, pinning the document revision', () => {
    expect(given([assigned]).when(submit())).toEqual({ events: [submitted()] });
  });

  it('refuses submitting to a locked project', () => {
    expect(refusalCode(given([assigned, locked]).when(submit()))).toBe('projects.locked');
  });

  it('accepts submissions again once unlocked', () => {
    const unlocked: ProjectEvent = {
      type: 'ProjectUnlocked',
      data: { projectId, unlockedBy: teacher, unlockedAt: at },
    };
    expect(given([assigned, locked, unlocked]).when(submit())).toEqual({ events: [submitted()] });
  });

  it('refuses a non-member submitting the group’s work', () => {
    expect(refusalCode(given([assigned]).when(submit(heron, 's-1', 42, 'u-hal')))).toBe(
      'projects.not-a-member',
    );
  });

  it('refuses a teacher submitting on the group’s behalf', () => {
    expect(refusalCode(given([assigned]).when(submit(staff, 's-1', 42, teacher)))).toBe(
      'projects.not-a-member',
    );
  });

  it('refuses a second submission while the teacher has the first', () => {
    expect(refusalCode(given([assigned, submitted()]).when(submit(otter, 's-2', 50)))).toBe(
      'projects.already-submitted',
    );
  });

  it('refuses a new submission after feedback unless the work was returned', () => {
    expect(
      refusalCode(given([assigned, submitted(), feedback]).when(submit(otter, 's-2', 50))),
    ).toBe('projects.already-submitted');
  });

  it('gives feedback with rubric scores for the group and per student', () => {
    expect(given([assigned, submitted()]).when(give())).toEqual({ events: [feedback] });
  });

  it('refuses a student giving feedback', () => {
    expect(refusalCode(given([assigned, submitted()]).when(give({ actor: otter }, 'u-ana')))).toBe(
      'projects.not-staff',
    );
  });

  it('refuses a score for a level the criterion does not have', () => {
    expect(
      refusalCode(
        given([assigned, submitted()]).when(
          give({ scores: [{ criterionId: 'cr-evidence', levelId: 'l-9' }] }),
        ),
      ),
    ).toBe('projects.score-invalid');
  });

  it('refuses a per-student score for a criterion not in the rubric', () => {
    expect(
      refusalCode(
        given([assigned, submitted()]).when(
          give({
            perStudent: [{ studentId: 'u-ana', scores: [{ criterionId: 'cr-x', levelId: 'l-1' }] }],
          }),
        ),
      ),
    ).toBe('projects.score-invalid');
  });

  it('refuses feedback on a submission that does not exist', () => {
    expect(refusalCode(given([assigned]).when(give()))).toBe('projects.submission-not-found');
  });

  it('returns work for revision, after which the group responds and resubmits', () => {
    expect(given([assigned, submitted(), feedback]).when(giveBack())).toEqual({
      events: [returned],
    });
    const history = [assigned, submitted(), feedback, returned];
    expect(given(history).when(respond())).toEqual({
      events: [
        {
          type: 'FeedbackResponded',
          data: {
            projectId,
            docId: 'd-otters',
            feedbackId: 'f-1',
            response: 'Added them.',
            respondedBy: 'u-ana',
            respondedAt: at,
          },
        },
      ],
    });
    expect(given(history).when(submit(otter, 's-2', 57))).toEqual({
      events: [submitted('s-2', 57)],
    });
  });

  it('refuses resubmitting an older document revision than the one returned', () => {
    expect(
      refusalCode(
        given([assigned, submitted(), feedback, returned]).when(submit(otter, 's-2', 40)),
      ),
    ).toBe('projects.stale-revision');
  });

  it('refuses feedback on a submission that a newer one replaced', () => {
    const history = [assigned, submitted(), feedback, returned, submitted('s-2', 57)];
    expect(refusalCode(given(history).when(give({ feedbackId: 'f-2' })))).toBe(
      'projects.submission-superseded',
    );
  });

  it('refuses returning the same submission twice', () => {
    expect(refusalCode(given([assigned, submitted(), returned]).when(giveBack()))).toBe(
      'projects.already-returned',
    );
  });

  it('refuses a student returning work', () => {
    expect(refusalCode(given([assigned, submitted()]).when(giveBack(otter, 's-1', 'u-ana')))).toBe(
      'projects.not-staff',
    );
  });

  it('refuses returning a submission that does not exist', () => {
    expect(refusalCode(given([assigned]).when(giveBack()))).toBe('projects.submission-not-found');
  });

  it('refuses a response to feedback the workspace never received', () => {
    expect(refusalCode(given([assigned, submitted()]).when(respond(otter, 'f-x')))).toBe(
      'projects.feedback-not-found',
    );
  });

  it('refuses a response from a student outside the group', () => {
    expect(
      refusalCode(given([assigned, submitted(), feedback]).when(respond(heron, 'f-1', 'u-hal'))),
    ).toBe('projects.not-a-member');
  });

  it('lets the teacher give feedback while the project is locked for assessment', () => {
    expect(given([assigned, submitted(), locked]).when(give())).toEqual({ events: [feedback] });
  });
});

describe('projects decider: scoring without a rubric', () => {
  const plain: ProjectEvent = {
    type: 'ProjectAssigned',
    data: {
      projectId,
      classroomId: 'c-1',
      title: 'Poems',
      brief: 'Write one.',
      assignedBy: teacher,
      workspaces: [{ groupId: 'g-otters', docId: 'd-otters' }],
    },
  };

  it('accepts comment-only feedback on a project assigned before rubrics existed', () => {
    const result = given([plain, submitted()]).when(
      command(
        'GiveFeedback',
        {
          docId: 'd-otters',
          submissionId: 's-1',
          feedbackId: 'f-1',
          comment: 'Lovely.',
          actor: staff,
        },
        teacher,
      ),
    );
    expect('events' in result && result.events[0]?.type).toBe('FeedbackGiven');
  });

  it('refuses rubric scores when the project has no rubric', () => {
    expect(
      refusalCode(
        given([plain, submitted()]).when(
          command(
            'GiveFeedback',
            {
              docId: 'd-otters',
              submissionId: 's-1',
              feedbackId: 'f-1',
              comment: '',
              scores: [{ criterionId: 'cr', levelId: 'l' }],
              actor: staff,
            },
            teacher,
          ),
        ),
      ),
    ).toBe('projects.score-invalid');
  });

  it('refuses marking a checkpoint when the project has none', () => {
    expect(
      refusalCode(
        given([plain]).when(
          command(
            'MarkCheckpointReached',
            { docId: 'd-otters', checkpointId: 'cp-question', actor: otter },
            'u-ana',
          ),
        ),
      ),
    ).toBe('projects.checkpoint-not-found');
  });
});

describe('projects decider: locking for assessment', () => {
  it('locks and unlocks, once each', () => {
    expect(given([assigned]).when(command('LockProject', { actor: staff }, teacher))).toEqual({
      events: [locked],
    });
    expect(
      given([assigned, locked]).when(command('LockProject', { actor: staff }, teacher)),
    ).toEqual({
      events: [],
    });
    expect(
      given([assigned, locked]).when(command('UnlockProject', { actor: staff }, teacher)),
    ).toEqual({
      events: [
        { type: 'ProjectUnlocked', data: { projectId, unlockedBy: teacher, unlockedAt: at } },
      ],
    });
    expect(given([assigned]).when(command('UnlockProject', { actor: staff }, teacher))).toEqual({
      events: [],
    });
  });

  it('refuses a student locking or unlocking', () => {
    expect(
      refusalCode(given([assigned]).when(command('LockProject', { actor: otter }, 'u-ana'))),
    ).toBe('projects.not-staff');
    expect(
      refusalCode(
        given([assigned, locked]).when(command('UnlockProject', { actor: otter }, 'u-ana')),
      ),
    ).toBe('projects.not-staff');
  });
});
