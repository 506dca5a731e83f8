import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { ProjectCommand } from './commands.js';
import type { ProjectEvent, Workspace } from './events.js';

export type ProjectState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'assigned';
      readonly classroomId: string;
      readonly workspaces: readonly Workspace[];
    };

export const projectsDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'AssignProject': {
        if (state.status !== 'absent') {
          throw new DomainError(
            'projects.project-exists',
            'This project has already been assigned.',
          );
        }
        if (command.data.workspaces.length === 0) {
          throw new DomainError(
            'projects.no-workspaces',
            'Create at least one group before assigning a group project.',
          );
        }
        return [
          {
            type: 'ProjectAssigned',
            data: { ...command.data, assignedBy: command.metadata.by },
          },
        ];
      }
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'ProjectAssigned':
        return {
          status: 'assigned',
          classroomId: event.data.classroomId,
          workspaces: event.data.workspaces,
        };
    }
  },
};
