import type { Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { RosterCommand } from './commands.js';
import type { RosterEvent } from './events.js';

export interface Group {
  readonly name: string;
  readonly members: ReadonlySet<string>;
}

export type ClassroomState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly classroomId: string;
      readonly teacherId: string;
      readonly joinCode: string;
      readonly students: ReadonlySet<string>;
      readonly groups: ReadonlyMap<string, Group>;
    };

type Active = Extract<ClassroomState, { status: 'active' }>;

function requireClassroom(state: ClassroomState): Active {
  if (state.status === 'absent') {
    throw new DomainError('roster.classroom-not-found', 'This classroom does not exist.');
  }
  return state;
}

function requireTeacher(state: Active, by: string): void {
  if (state.teacherId !== by) {
    throw new DomainError('roster.not-teacher', 'Only the classroom’s teacher can do that.');
  }
}

function groupOf(state: Active, studentId: string): string | undefined {
  for (const [groupId, group] of state.groups) if (group.members.has(studentId)) return groupId;
  return undefined;
}

function withGroup(state: Active, groupId: string, change: (members: Set<string>) => void): Active {
  const group = state.groups.get(groupId);
  if (!group) return state;
  const members = new Set(group.members);
  change(members);
  const groups = new Map(state.groups);
  groups.set(groupId, { ...group, members });
  return { ...state, groups };
}

export const rosterDecider: Decider<RosterCommand, RosterEvent, ClassroomState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { data, metadata } = command;
    switch (command.type) {
      case 'CreateClassroom': {
        if (state.status !== 'absent') {
          throw new DomainError('roster.classroom-exists', 'This classroom already exists.');
        }
        return [
          {
            type: 'ClassroomCreated',
            data: {
              classroomId: command.data.classroomId,
              name: command.data.name,
              teacherId: metadata.by,
              joinCode: command.data.joinCode,
            },
          },
        ];
      }
      case 'JoinClassroom': {
        const classroom = requireClassroom(state);
        if (classroom.teacherId === metadata.by) {
          throw new DomainError('roster.teacher-cannot-join', 'You teach this classroom already.');
        }
        if (classroom.joinCode !== command.data.joinCode) {
          throw new DomainError(
            'roster.wrong-join-code',
            'That join code does not match. Check it with your teacher.',
          );
        }
        if (classroom.students.has(metadata.by)) return [];
        return [
          {
            type: 'StudentJoinedClassroom',
            data: { classroomId: data.classroomId, studentId: metadata.by },
          },
        ];
      }
      case 'CreateGroup': {
        const classroom = requireClassroom(state);
        requireTeacher(classroom, metadata.by);
        const wanted = command.data.name.trim().toLocaleLowerCase();
        for (const group of classroom.groups.values()) {
          if (group.name.trim().toLocaleLowerCase() === wanted) {
            throw new DomainError(
              'roster.group-name-taken',
              `There is already a group called “${group.name}”.`,
            );
          }
        }
        return [
          {
            type: 'GroupCreated',
            data: {
              classroomId: data.classroomId,
              groupId: command.data.groupId,
              name: command.data.name,
            },
          },
        ];
      }
      case 'AddStudentToGroup': {
        const classroom = requireClassroom(state);
        requireTeacher(classroom, metadata.by);
        const { groupId, studentId } = command.data;
        if (!classroom.groups.has(groupId)) {
          throw new DomainError(
            'roster.group-not-found',
            'That group does not exist in this classroom.',
          );
        }
        if (!classroom.students.has(studentId)) {
          throw new DomainError(
            'roster.not-a-student',
            'Only students of this classroom can join its groups.',
          );
        }
        const current = groupOf(classroom, studentId);
        if (current === groupId) return [];
        const events: RosterEvent[] = [];
        if (current !== undefined) {
          events.push({
            type: 'StudentRemovedFromGroup',
            data: { classroomId: data.classroomId, groupId: current, studentId },
          });
        }
        events.push({
          type: 'StudentAddedToGroup',
          data: { classroomId: data.classroomId, groupId, studentId },
        });
        return events;
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ClassroomCreated':
        return {
          status: 'active',
          classroomId: event.data.classroomId,
          teacherId: event.data.teacherId,
          joinCode: event.data.joinCode,
          students: new Set(),
          groups: new Map(),
        };
      case 'StudentJoinedClassroom': {
        const classroom = requireClassroom(state);
        return { ...classroom, students: new Set([...classroom.students, event.data.studentId]) };
      }
      case 'GroupCreated': {
        const classroom = requireClassroom(state);
        const groups = new Map(classroom.groups);
        groups.set(event.data.groupId, { name: event.data.name, members: new Set() });
        return { ...classroom, groups };
      }
      case 'StudentAddedToGroup':
        return withGroup(requireClassroom(state), event.data.groupId, (m) =>
          m.add(event.data.studentId),
        );
      case 'StudentRemovedFromGroup':
        return withGroup(requireClassroom(state), event.data.groupId, (m) =>
          m.delete(event.data.studentId),
        );
    }
  },
};
