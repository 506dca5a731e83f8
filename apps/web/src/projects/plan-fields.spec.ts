import { describe, expect, it } from '@jest/globals';
import { AssignProjectRequestSchema, UpdateProjectPlanRequestSchema } from '@commonplace/shared';
import type { ProjectDetail } from '@commonplace/shared';
import { fieldErrors } from '../ui/field';
import { draftOf, EMPTY_PLAN, planRequest } from './plan-fields';

const project: ProjectDetail = {
  id: 'p-1',
  classroomId: 'c-1',
  title: 'Rivers',
  brief: 'Map a river.',
  checkpoints: [
    { checkpointId: 'cp-1', title: 'Question', dueAt: '2030-03-02T10:00:00.000Z' },
    { checkpointId: 'cp-2', title: 'Evidence', dueAt: '2030-03-09T10:00:00.000Z' },
  ],
  rubric: {
    criteria: [
      {
        criterionId: 'cr-1',
        title: 'Evidence',
        levels: [
          { levelId: 'l-1', title: 'Beginning', points: 1 },
          { levelId: 'l-2', title: 'Secure', points: 2.5 },
        ],
      },
    ],
  },
  locked: false,
  assignedAt: '2030-03-01T09:00:00.000Z',
  workspaces: [],
};

describe('the plan form', () => {
  it('sends an unchanged plan back as it came: same ids, same order, same instants', () => {
    const request = planRequest(draftOf(project));
    const parsed = UpdateProjectPlanRequestSchema.parse(request);
    expect(parsed).toEqual({
      brief: 'Map a river.',
      checkpoints: project.checkpoints,
      rubric: project.rubric,
    });
  });

  it('leaves the rubric out when it has no criteria, so a project can have none', () => {
    const request = planRequest({ ...EMPTY_PLAN, brief: 'Just a brief.' });
    expect(request.rubric).toBeUndefined();
    expect(AssignProjectRequestSchema.safeParse({ title: 'T', ...request }).success).toBe(true);
  });

  it('names the exact row and field that is wrong, for the message beside it', () => {
    const draft = draftOf(project);
    const broken = {
      ...draft,
      checkpoints: draft.checkpoints.map((c, i) => (i === 1 ? { ...c, due: '' } : c)),
      criteria: draft.criteria.map((c) => ({
        ...c,
        levels: c.levels.map((l, i) => (i === 0 ? { ...l, points: 'lots' } : l)),
      })),
    };
    const result = UpdateProjectPlanRequestSchema.safeParse(planRequest(broken));
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error?.issues ?? []);
    expect(errors['checkpoints.1.dueAt']).toBeDefined();
    expect(errors['rubric.criteria.0.levels.0.points']).toBeDefined();
    expect(errors['checkpoints.0.dueAt']).toBeUndefined();
  });
});
