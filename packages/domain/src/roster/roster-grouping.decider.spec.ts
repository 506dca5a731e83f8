import { describe, expect, it } from '@jest/globals';
import { fold } from '../common/decider.js';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { RosterCommand } from './commands.js';
import type { GroupArrangement, RosterEvent } from './events.js';
import { rosterDecider } from './roster.decider.js';

const given = specFor(rosterDecider);
const classroomId = 'c-1';
const teacher = 'u-teacher';
const metadata = (by = teacher) => ({ at: '2026-12-07T09:00:00.000Z', by });

const base: RosterEvent[] = [
  {
    type: 'ClassroomCreated',
    data: { classroomId, name: 'Year 3', teacherId: teacher, joinCode: 'ABC123' },
  },
  ...['u-ana', 'u-ben', 'u-cleo', 'u-dev'].map((studentId): RosterEvent => ({
    type: 'StudentJoinedClassroom',
    data: { classroomId, studentId },
  })),
  { type: 'GroupCreated', data: { classroomId, groupId: 'g-otters', name: 'Otters' } },
  { type: 'StudentAddedToGroup', data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' } },
  { type: 'StudentAddedToGroup', data: { classroomId, groupId: 'g-otters', studentId: 'u-ben' } },
];

const arrange = (groups: readonly GroupArrangement[], by = teacher): RosterCommand => ({
  type: 'ArrangeGroups',
  data: { classroomId, how: 'random', size: 2, groups },
  metadata: metadata(by),
});
const undo: RosterCommand = {
  type: 'UndoGroupArrangement',
  data: { classroomId },
  metadata: metadata(),
};
const pairs: GroupArrangement[] = [
  { groupId: 'g-otters', name: 'Otters', studentIds: ['u-ana', 'u-cleo'] },
  { groupId: 'g-new', name: 'Group 1', studentIds: ['u-ben', 'u-dev'] },
];

/** The groups and their members, as the decider's state has them after some events. */
function groupsAfter(events: readonly RosterEvent[]): Record<string, string[]> {
  const state = fold(rosterDecider, events);
  if (state.status !== 'active') throw new Error('no classroom');
  return Object.fromEntries(
    [...state.groups].map(([id, group]) => [id, [...group.members].sort()]),
  );
}

describe('roster decider: grouping the class in one step', () => {
  it('creates, moves and records what undo needs, in one decision', () => {
    const result = given(base).when(arrange(pairs));
    expect(result).toEqual({
      events: [
        { type: 'GroupCreated', data: { classroomId, groupId: 'g-new', name: 'Group 1' } },
        {
          type: 'StudentRemovedFromGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-ben' },
        },
        {
          type: 'StudentAddedToGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-cleo' },
        },
        {
          type: 'StudentAddedToGroup',
          data: { classroomId, groupId: 'g-new', studentId: 'u-ben' },
        },
        {
          type: 'StudentAddedToGroup',
          data: { classroomId, groupId: 'g-new', studentId: 'u-dev' },
        },
        {
          type: 'GroupsArranged',
          data: {
            classroomId,
            how: 'random',
            size: 2,
            previous: [{ groupId: 'g-otters', name: 'Otters', studentIds: ['u-ana', 'u-ben'] }],
            created: ['g-new'],
          },
        },
      ],
    });
  });

  it('undoes it: the old members back, the new group dissolved, and only once', () => {
    const arranged = [
      ...base,
      ...(given(base).when(arrange(pairs)) as { events: RosterEvent[] }).events,
    ];
    const undone = given(arranged).when(undo);
    if (!('events' in undone)) throw new Error('undo was refused');
    const after = [...arranged, ...undone.events];
    expect(groupsAfter(after)).toEqual(groupsAfter(base));
    expect(undone.events.at(-2)).toEqual({
      type: 'GroupDissolved',
      data: { classroomId, groupId: 'g-new' },
    });
    expect(refusalCode(given(after).when(undo))).toBe('roster.nothing-to-undo');
  });

  it('refuses undo once the groups changed by hand since', () => {
    const arranged = [
      ...base,
      ...(given(base).when(arrange(pairs)) as { events: RosterEvent[] }).events,
      {
        type: 'StudentRemovedFromGroup',
        data: { classroomId, groupId: 'g-new', studentId: 'u-dev' },
      } as RosterEvent,
    ];
    expect(refusalCode(given(arranged).when(undo))).toBe('roster.nothing-to-undo');
  });

  it('refuses a student twice, a stranger, a taken name, a tiny size and a student arranging', () => {
    expect(
      refusalCode(
        given(base).when(
          arrange([
            { groupId: 'g-otters', name: 'Otters', studentIds: ['u-ana'] },
            { groupId: 'g-new', name: 'Group 1', studentIds: ['u-ana'] },
          ]),
        ),
      ),
    ).toBe('roster.student-in-two-groups');
    expect(
      refusalCode(
        given(base).when(
          arrange([{ groupId: 'g-otters', name: 'Otters', studentIds: ['u-stranger'] }]),
        ),
      ),
    ).toBe('roster.not-a-student');
    expect(
      refusalCode(
        given(base).when(arrange([{ groupId: 'g-new', name: 'otters', studentIds: [] }])),
      ),
    ).toBe('roster.group-name-taken');
    expect(
      refusalCode(
        given(base).when({
          type: 'ArrangeGroups',
          data: { classroomId, how: 'balanced', size: 1, groups: pairs },
          metadata: metadata(),
        }),
      ),
    ).toBe('roster.group-size-invalid');
    expect(refusalCode(given(base).when(arrange(pairs, 'u-ana')))).toBe('roster.not-teacher');
  });
});
