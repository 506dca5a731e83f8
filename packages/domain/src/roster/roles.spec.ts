import { describe, expect, it } from '@jest/globals';
import { fold } from '../common/decider.js';
import type { RosterEvent } from './events.js';
import { can, rolesIn, workspaceAccess } from './roles.js';
import { rosterDecider } from './roster.decider.js';

const classroomId = 'c-1';
const events: RosterEvent[] = [
  {
    type: 'ClassroomCreated',
    data: { classroomId, name: 'Y3', teacherId: 'u-teacher', joinCode: 'ABC123' },
  },
  { type: 'StudentJoinedClassroom', data: { classroomId, studentId: 'u-ana' } },
  {
    type: 'PeerTutorDesignated',
    data: { classroomId, studentId: 'u-ana', designatedBy: 'u-teacher' },
  },
  {
    type: 'InviteIssued',
    data: {
      classroomId,
      inviteId: 'i-1',
      role: 'guardian',
      tokenHash: 'h',
      expiresAt: '2026-12-01T00:00:00.000Z',
      invitedBy: 'u-teacher',
      studentIds: ['u-ana'],
    },
  },
  {
    type: 'InviteAccepted',
    data: {
      classroomId,
      inviteId: 'i-1',
      userId: 'u-mum',
      role: 'guardian',
      acceptedAt: '2026-11-22T10:00:00.000Z',
      studentIds: ['u-ana'],
    },
  },
  { type: 'ClassroomLinkedToSchool', data: { classroomId, schoolId: 's-1' } },
  {
    type: 'InviteAccepted',
    data: {
      classroomId,
      inviteId: 'i-2',
      userId: 'u-mentor',
      role: 'mentor',
      acceptedAt: '2026-11-22T10:00:00.000Z',
      accessUntil: '2026-12-20T00:00:00.000Z',
    },
  },
];
const state = fold(rosterDecider, events);

describe('classroom roles', () => {
  it('reads each person’s roles from the classroom, school admins passed in', () => {
    expect(rolesIn(state, 'u-teacher')).toEqual(['teacher']);
    expect(rolesIn(state, 'u-ana')).toEqual(['student', 'peer-tutor']);
    expect(rolesIn(state, 'u-mum')).toEqual(['guardian']);
    expect(rolesIn(state, 'u-head', new Set(['u-head']))).toEqual(['school-admin']);
    expect(rolesIn(state, 'u-stranger')).toEqual([]);
  });

  it('drops a mentor once their time-limited access has ended', () => {
    expect(rolesIn(state, 'u-mentor', new Set(), '2026-12-19T23:59:00.000Z')).toEqual(['mentor']);
    expect(rolesIn(state, 'u-mentor', new Set(), '2026-12-20T00:00:00.000Z')).toEqual([]);
  });

  it('lets teachers assess and keeps guardians and strangers out of the board', () => {
    expect(can(['teacher'], 'projects.assess')).toBe(true);
    expect(can(['student', 'peer-tutor'], 'projects.assess')).toBe(false);
    expect(can(['peer-tutor'], 'tutoring.tutor')).toBe(true);
    expect(can(['guardian'], 'activity.view-board')).toBe(false);
    expect(can([], 'classroom.view')).toBe(false);
  });

  it('gives members write access to their workspace until it is locked', () => {
    expect(workspaceAccess({ roles: ['student'], isWorkspaceMember: true, locked: false })).toBe(
      'read-write',
    );
    expect(workspaceAccess({ roles: ['student'], isWorkspaceMember: true, locked: true })).toBe(
      'read-only',
    );
  });

  it('lets staff observe read-only and refuses other students and guardians', () => {
    expect(workspaceAccess({ roles: ['teacher'], isWorkspaceMember: false, locked: false })).toBe(
      'read-only',
    );
    expect(workspaceAccess({ roles: ['student'], isWorkspaceMember: false, locked: false })).toBe(
      'none',
    );
    expect(workspaceAccess({ roles: ['guardian'], isWorkspaceMember: false, locked: false })).toBe(
      'none',
    );
  });
});
