import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { specFor } from '../common/given-when-then.js';
import type { ProjectCommand } from './commands.js';
import type { ProjectEvent } from './events.js';
import { projectsDecider } from './projects.decider.js';

const given = specFor(projectsDecider);
const workspaces = [
  { groupId: 'g-otters', docId: 'd-1' },
  { groupId: 'g-herons', docId: 'd-2' },
];
const assign = (ws = workspaces): ProjectCommand => ({
  type: 'AssignProject',
  data: {
    projectId: 'p-1',
    classroomId: 'c-1',
    title: 'Rivers',
    brief: 'Map a river.',
    workspaces: ws,
  },
  metadata: { at: '2026-11-22T09:00:00.000Z', by: 'u-teacher' },
});
const assigned: ProjectEvent = {
  type: 'ProjectAssigned',
  data: {
    projectId: 'p-1',
    classroomId: 'c-1',
    title: 'Rivers',
    brief: 'Map a river.',
    assignedBy: 'u-teacher',
    workspaces,
  },
};

function errorCode(result: { events: readonly ProjectEvent[] } | { error: unknown }): string {
  if (!('error' in result))
    throw new Error(`expected a refusal, got ${JSON.stringify(result.events)}`);
  if (!(result.error instanceof DomainError)) throw result.error;
  return result.error.code;
}

describe('projects decider', () => {
  it('assigns a project with one workspace per group, recording who assigned it', () => {
    expect(given([]).when(assign())).toEqual({ events: [assigned] });
  });

  it('refuses to assign the same project twice', () => {
    expect(errorCode(given([assigned]).when(assign()))).toBe('projects.project-exists');
  });

  it('refuses a group project with no groups to work in it', () => {
    expect(errorCode(given([]).when(assign([])))).toBe('projects.no-workspaces');
  });
});
