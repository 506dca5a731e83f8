import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { SchoolCommand } from './commands.js';
import type { SchoolEvent } from './events.js';

/**
 * A school is its own stream: its admins change rarely and apply to every
 * classroom linked to it, so no classroom stream has to be rewritten when
 * an admin comes or goes.
 */
export type SchoolState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly schoolId: string; readonly admins: ReadonlySet<string> };

type ActiveSchool = Extract<SchoolState, { status: 'active' }>;

function requireAdmin(state: SchoolState, by: string): ActiveSchool {
  if (state.status === 'absent') {
    throw new DomainError('roster.school-not-found', 'This school does not exist.');
  }
  if (!state.admins.has(by)) {
    throw new DomainError(
      'roster.not-school-admin',
      'Only the school’s admins can do that. Ask one of them.',
    );
  }
  return state;
}

export const schoolDecider: Decider<SchoolCommand, SchoolEvent, SchoolState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { metadata } = command;
    switch (command.type) {
      case 'CreateSchool': {
        if (state.status !== 'absent') {
          throw new DomainError('roster.school-exists', 'This school already exists.');
        }
        const { schoolId, name } = command.data;
        return [
          { type: 'SchoolCreated', data: { schoolId, name, createdBy: metadata.by } },
          { type: 'SchoolAdminAdded', data: { schoolId, userId: metadata.by } },
        ];
      }
      case 'AddSchoolAdmin': {
        const school = requireAdmin(state, metadata.by);
        const { schoolId, userId } = command.data;
        if (school.admins.has(userId)) return [];
        return [{ type: 'SchoolAdminAdded', data: { schoolId, userId } }];
      }
      case 'RemoveSchoolAdmin': {
        const school = requireAdmin(state, metadata.by);
        const { schoolId, userId } = command.data;
        if (!school.admins.has(userId)) return [];
        if (school.admins.size === 1) {
          throw new DomainError(
            'roster.last-school-admin',
            'A school needs at least one admin. Add another admin first.',
          );
        }
        return [{ type: 'SchoolAdminRemoved', data: { schoolId, userId } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SchoolCreated':
        return { status: 'active', schoolId: event.data.schoolId, admins: new Set() };
      case 'SchoolAdminAdded':
        if (state.status === 'absent') return state;
        return { ...state, admins: new Set([...state.admins, event.data.userId]) };
      case 'SchoolAdminRemoved': {
        if (state.status === 'absent') return state;
        const admins = new Set(state.admins);
        admins.delete(event.data.userId);
        return { ...state, admins };
      }
    }
  },
};
