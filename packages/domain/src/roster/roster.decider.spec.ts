import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { specFor } from '../common/given-when-then.js';
import type { RosterCommand } from './commands.js';
import type { RosterEvent } from './events.js';
import { rosterDecider } from './roster.decider.js';

const given = specFor(rosterDecider);
const at = '2026-11-22T09:00:00.000Z';
const teacher = 'u-teacher';
const classroomId = 'c-1';
const by = (who: string) => ({ at, by: who });

const created: RosterEvent = {
  type: 'ClassroomCreated',
  data: { classroomId, name: 'Year 7 Science', teacherId: teacher, joinCode: 'ABC123' },
};
const anaJoined: RosterEvent = {
  type: 'StudentJoinedClassroom',
  data: { classroomId, studentId: 'u-ana' },
};
const otters: RosterEvent = {
  type: 'GroupCreated',
  data: { classroomId, groupId: 'g-otters', name: 'Otters' },
};
const herons: RosterEvent = {
  type: 'GroupCreated',
  data: { classroomId, groupId: 'g-herons', name: 'Herons' },
};

function errorCode(result: { events: readonly RosterEvent[] } | { error: unknown }): string {
  if (!('error' in result))
    throw new Error(`expected a refusal, got ${JSON.stringify(result.events)}`);
  if (!(result.error instanceof DomainError)) throw result.error;
  return result.error.code;
}

describe('roster decider', () => {
  const create: RosterCommand = {
    type: 'CreateClassroom',
    data: { classroomId, name: 'Year 7 Science', joinCode: 'ABC123' },
    metadata: by(teacher),
  };

  it('creates a classroom taught by the person who created it', () => {
    expect(given([]).when(create)).toEqual({ events: [created] });
  });

  it('refuses to create a classroom twice', () => {
    expect(errorCode(given([created]).when(create))).toBe('roster.classroom-exists');
  });

  describe('joining', () => {
    const join = (code: string, who = 'u-ana'): RosterCommand => ({
      type: 'JoinClassroom',
      data: { classroomId, joinCode: code },
      metadata: by(who),
    });

    it('lets a student join with the right code', () => {
      expect(given([created]).when(join('ABC123'))).toEqual({ events: [anaJoined] });
    });

    it('refuses a wrong code', () => {
      expect(errorCode(given([created]).when(join('ZZZ999')))).toBe('roster.wrong-join-code');
    });

    it('records nothing when a member joins again', () => {
      expect(given([created, anaJoined]).when(join('ABC123'))).toEqual({ events: [] });
    });

    it('refuses the teacher joining their own class as a student', () => {
      expect(errorCode(given([created]).when(join('ABC123', teacher)))).toBe(
        'roster.teacher-cannot-join',
      );
    });

    it('refuses to join a classroom that does not exist', () => {
      expect(errorCode(given([]).when(join('ABC123')))).toBe('classroom.not-found');
    });
  });

  describe('groups', () => {
    const createGroup = (name: string, who = teacher): RosterCommand => ({
      type: 'CreateGroup',
      data: { classroomId, groupId: 'g-new', name },
      metadata: by(who),
    });
    const addTo = (groupId: string, studentId = 'u-ana', who = teacher): RosterCommand => ({
      type: 'AddStudentToGroup',
      data: { classroomId, groupId, studentId },
      metadata: by(who),
    });

    it('lets the teacher create a group', () => {
      expect(given([created]).when(createGroup('Kestrels'))).toEqual({
        events: [
          { type: 'GroupCreated', data: { classroomId, groupId: 'g-new', name: 'Kestrels' } },
        ],
      });
    });

    it('refuses a student creating a group', () => {
      expect(errorCode(given([created, anaJoined]).when(createGroup('Ours', 'u-ana')))).toBe(
        'roster.not-teacher',
      );
    });

    it('refuses a second group with the same name, whatever its case', () => {
      expect(errorCode(given([created, otters]).when(createGroup(' otters ')))).toBe(
        'roster.group-name-taken',
      );
    });

    it('puts a student of the classroom into a group', () => {
      expect(given([created, anaJoined, otters]).when(addTo('g-otters'))).toEqual({
        events: [
          {
            type: 'StudentAddedToGroup',
            data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
          },
        ],
      });
    });

    it('moves a student from their old group to the new one', () => {
      const inOtters: RosterEvent = {
        type: 'StudentAddedToGroup',
        data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
      };
      expect(given([created, anaJoined, otters, herons, inOtters]).when(addTo('g-herons'))).toEqual(
        {
          events: [
            {
              type: 'StudentRemovedFromGroup',
              data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
            },
            {
              type: 'StudentAddedToGroup',
              data: { classroomId, groupId: 'g-herons', studentId: 'u-ana' },
            },
          ],
        },
      );
    });

    it('records nothing when the student is already in that group', () => {
      const inOtters: RosterEvent = {
        type: 'StudentAddedToGroup',
        data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
      };
      expect(given([created, anaJoined, otters, inOtters]).when(addTo('g-otters'))).toEqual({
        events: [],
      });
    });

    it('refuses someone who is not a student of the classroom', () => {
      expect(errorCode(given([created, otters]).when(addTo('g-otters', 'u-stranger')))).toBe(
        'roster.not-a-student',
      );
    });

    it('refuses a group that does not exist', () => {
      expect(errorCode(given([created, anaJoined]).when(addTo('g-missing')))).toBe(
        'roster.group-not-found',
      );
    });

    it('refuses a student moving a classmate', () => {
      expect(
        errorCode(given([created, anaJoined, otters]).when(addTo('g-otters', 'u-ana', 'u-ana'))),
      ).toBe('roster.not-teacher');
    });
  });
});
