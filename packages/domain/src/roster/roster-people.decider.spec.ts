import { describe, expect, it } from '@jest/globals';
import { refusalCode, specFor } from '../common/given-when-then.js';
import type { RosterCommand } from './commands.js';
import type { RosterEvent } from './events.js';
import { rosterDecider } from './roster.decider.js';

const given = specFor(rosterDecider);
const at = '2026-11-22T09:00:00.000Z';
const classroomId = 'c-1';
const teacher = 'u-teacher';
const coTeacher = 'u-co';
const meta = (by: string, when = at) => ({ at: when, by });

const created: RosterEvent = {
  type: 'ClassroomCreated',
  data: { classroomId, name: 'Year 3', teacherId: teacher, joinCode: 'ABC123' },
};
const joined = (studentId: string): RosterEvent => ({
  type: 'StudentJoinedClassroom',
  data: { classroomId, studentId },
});
const group = (groupId: string, name: string): RosterEvent => ({
  type: 'GroupCreated',
  data: { classroomId, groupId, name },
});
const member = (groupId: string, studentId: string): RosterEvent => ({
  type: 'StudentAddedToGroup',
  data: { classroomId, groupId, studentId },
});
const coTeacherInvite: RosterEvent = {
  type: 'InviteIssued',
  data: {
    classroomId,
    inviteId: 'i-co',
    role: 'co-teacher',
    tokenHash: 'hash-co',
    expiresAt: '2026-11-29T09:00:00.000Z',
    invitedBy: teacher,
  },
};
const coTeacherAccepted: RosterEvent = {
  type: 'InviteAccepted',
  data: {
    classroomId,
    inviteId: 'i-co',
    userId: coTeacher,
    role: 'co-teacher',
    acceptedAt: at,
  },
};
const withCoTeacher = [created, coTeacherInvite, coTeacherAccepted];

describe('roster decider: invites', () => {
  const issue = (
    overrides: Partial<Extract<RosterCommand, { type: 'IssueInvite' }>['data']> = {},
    by = teacher,
  ): RosterCommand => ({
    type: 'IssueInvite',
    data: {
      classroomId,
      inviteId: 'i-co',
      role: 'co-teacher',
      tokenHash: 'hash-co',
      expiresAt: '2026-11-29T09:00:00.000Z',
      ...overrides,
    },
    metadata: meta(by),
  });
  const accept = (
    by: string,
    when = at,
    tokenHash = 'hash-co',
    inviteId = 'i-co',
  ): RosterCommand => ({
    type: 'AcceptInvite',
    data: { classroomId, inviteId, tokenHash },
    metadata: meta(by, when),
  });

  it('lets the teacher invite a co-teacher with a hashed token and an expiry', () => {
    expect(given([created]).when(issue())).toEqual({ events: [coTeacherInvite] });
  });

  it('refuses a co-teacher inviting another co-teacher', () => {
    expect(refusalCode(given(withCoTeacher).when(issue({ inviteId: 'i-2' }, coTeacher)))).toBe(
      'roster.not-owner',
    );
  });

  it('lets a co-teacher invite a guardian for a student of the class', () => {
    const events = given([...withCoTeacher, joined('u-ana')]).when(
      issue({ inviteId: 'i-g', role: 'guardian', studentIds: ['u-ana'] }, coTeacher),
    );
    expect(events).toEqual({
      events: [
        {
          type: 'InviteIssued',
          data: {
            classroomId,
            inviteId: 'i-g',
            role: 'guardian',
            tokenHash: 'hash-co',
            expiresAt: '2026-11-29T09:00:00.000Z',
            invitedBy: coTeacher,
            studentIds: ['u-ana'],
          },
        },
      ],
    });
  });

  it('refuses a student issuing an invite', () => {
    expect(
      refusalCode(given([created, joined('u-ana')]).when(issue({ role: 'mentor' }, 'u-ana'))),
    ).toBe('roster.not-teacher');
  });

  it('refuses a guardian invite that names no student', () => {
    expect(refusalCode(given([created]).when(issue({ role: 'guardian' })))).toBe(
      'roster.invite-needs-students',
    );
  });

  it('refuses a guardian invite for someone who is not a student of the class', () => {
    expect(
      refusalCode(given([created]).when(issue({ role: 'guardian', studentIds: ['u-nobody'] }))),
    ).toBe('roster.not-a-student');
  });

  it('refuses an expiry that is not after the moment of issue', () => {
    expect(refusalCode(given([created]).when(issue({ expiresAt: at })))).toBe(
      'roster.invite-expiry-invalid',
    );
    expect(refusalCode(given([created]).when(issue({ expiresAt: 'next week' })))).toBe(
      'roster.invite-expiry-invalid',
    );
  });

  it('refuses reusing an invite id', () => {
    expect(refusalCode(given([created, coTeacherInvite]).when(issue()))).toBe(
      'roster.invite-exists',
    );
  });

  it('refuses inviting into a classroom that does not exist', () => {
    expect(refusalCode(given([]).when(issue()))).toBe('classroom.not-found');
  });

  it('accepts a valid invite before it expires', () => {
    expect(given([created, coTeacherInvite]).when(accept(coTeacher))).toEqual({
      events: [coTeacherAccepted],
    });
  });

  it('refuses an expired invite', () => {
    expect(
      refusalCode(
        given([created, coTeacherInvite]).when(accept(coTeacher, '2026-11-29T09:00:00.000Z')),
      ),
    ).toBe('roster.invite-expired');
  });

  it('refuses an invite that was already used', () => {
    expect(refusalCode(given(withCoTeacher).when(accept('u-someone-else')))).toBe(
      'roster.invite-used',
    );
  });

  it('refuses the wrong token', () => {
    expect(
      refusalCode(given([created, coTeacherInvite]).when(accept(coTeacher, at, 'hash-guess'))),
    ).toBe('roster.invite-token-mismatch');
  });

  it('refuses an unknown invite', () => {
    expect(refusalCode(given([created]).when(accept(coTeacher)))).toBe('roster.invite-not-found');
  });

  it('refuses the classroom’s own teacher accepting an invite into it', () => {
    expect(refusalCode(given([created, coTeacherInvite]).when(accept(teacher)))).toBe(
      'roster.already-member',
    );
  });

  describe('revoking', () => {
    const revoke = (by = teacher, inviteId = 'i-co'): RosterCommand => ({
      type: 'RevokeInvite',
      data: { classroomId, inviteId },
      metadata: meta(by),
    });
    const revoked: RosterEvent = {
      type: 'InviteRevoked',
      data: { classroomId, inviteId: 'i-co', revokedBy: teacher },
    };

    it('withdraws an open invite', () => {
      expect(given([created, coTeacherInvite]).when(revoke())).toEqual({ events: [revoked] });
    });

    it('then refuses anyone accepting it', () => {
      expect(refusalCode(given([created, coTeacherInvite, revoked]).when(accept(coTeacher)))).toBe(
        'roster.invite-revoked',
      );
    });

    it('records nothing when it is withdrawn twice', () => {
      expect(given([created, coTeacherInvite, revoked]).when(revoke())).toEqual({ events: [] });
    });

    it('refuses withdrawing an invite already accepted', () => {
      expect(refusalCode(given(withCoTeacher).when(revoke()))).toBe('roster.invite-used');
    });

    it('refuses withdrawing an unknown invite', () => {
      expect(refusalCode(given([created]).when(revoke()))).toBe('roster.invite-not-found');
    });

    it('refuses a student withdrawing an invite', () => {
      expect(
        refusalCode(given([created, joined('u-ana'), coTeacherInvite]).when(revoke('u-ana'))),
      ).toBe('roster.not-teacher');
    });
  });

  it('gives an accepted co-teacher the teacher’s powers over groups', () => {
    const command: RosterCommand = {
      type: 'CreateGroup',
      data: { classroomId, groupId: 'g-1', name: 'Foxes' },
      metadata: meta(coTeacher),
    };
    expect(given(withCoTeacher).when(command)).toEqual({ events: [group('g-1', 'Foxes')] });
  });

  it('refuses a co-teacher joining as a student with the code', () => {
    const command: RosterCommand = {
      type: 'JoinClassroom',
      data: { classroomId, joinCode: 'ABC123' },
      metadata: meta(coTeacher),
    };
    expect(refusalCode(given(withCoTeacher).when(command))).toBe('roster.teacher-cannot-join');
  });
});

describe('roster decider: accounts for young students', () => {
  const create = (by = teacher, studentId = 'u-kid'): RosterCommand => ({
    type: 'CreateStudentAccount',
    data: { classroomId, studentId, displayName: 'sealed:Kit', secretHash: 'h1' },
    metadata: meta(by),
  });
  const accountCreated: RosterEvent = {
    type: 'StudentAccountCreated',
    data: {
      classroomId,
      studentId: 'u-kid',
      displayName: 'sealed:Kit',
      secretHash: 'h1',
      createdBy: teacher,
    },
  };
  const reset = (studentId = 'u-kid', by = teacher): RosterCommand => ({
    type: 'ResetStudentSecret',
    data: { classroomId, studentId, secretHash: 'h2' },
    metadata: meta(by),
  });

  it('creates the account and makes them a student of the class', () => {
    expect(given([created]).when(create())).toEqual({
      events: [accountCreated, joined('u-kid')],
    });
  });

  it('refuses an id already in the class', () => {
    expect(refusalCode(given([created, joined('u-kid')]).when(create()))).toBe(
      'roster.student-exists',
    );
  });

  it('refuses a student creating accounts', () => {
    expect(refusalCode(given([created, joined('u-ana')]).when(create('u-ana')))).toBe(
      'roster.not-teacher',
    );
  });

  it('resets the secret of a teacher-made account', () => {
    expect(given([created, accountCreated, joined('u-kid')]).when(reset())).toEqual({
      events: [
        {
          type: 'StudentSecretReset',
          data: { classroomId, studentId: 'u-kid', secretHash: 'h2', resetBy: teacher },
        },
      ],
    });
  });

  it('refuses resetting a student who signs in their own way', () => {
    expect(refusalCode(given([created, joined('u-ana')]).when(reset('u-ana')))).toBe(
      'roster.student-account-not-found',
    );
  });

  it('refuses a student resetting a classmate’s secret', () => {
    expect(
      refusalCode(
        given([created, accountCreated, joined('u-kid'), joined('u-ana')]).when(
          reset('u-kid', 'u-ana'),
        ),
      ),
    ).toBe('roster.not-teacher');
  });
});

describe('roster decider: groups', () => {
  const base = [
    created,
    joined('u-ana'),
    joined('u-ben'),
    group('g-otters', 'Otters'),
    group('g-herons', 'Herons'),
    member('g-otters', 'u-ana'),
    member('g-otters', 'u-ben'),
  ];
  const cmd = <T extends RosterCommand['type']>(
    type: T,
    data: Extract<RosterCommand, { type: T }>['data'],
    by = teacher,
  ) => ({ type, data, metadata: meta(by) }) as RosterCommand;

  it('renames a group', () => {
    expect(
      given(base).when(cmd('RenameGroup', { classroomId, groupId: 'g-otters', name: 'Seals' })),
    ).toEqual({
      events: [{ type: 'GroupRenamed', data: { classroomId, groupId: 'g-otters', name: 'Seals' } }],
    });
  });

  it('records nothing when the name is unchanged', () => {
    expect(
      given(base).when(cmd('RenameGroup', { classroomId, groupId: 'g-otters', name: 'Otters' })),
    ).toEqual({
      events: [],
    });
  });

  it('lets a group change only the case of its own name', () => {
    expect(
      given(base).when(cmd('RenameGroup', { classroomId, groupId: 'g-otters', name: 'OTTERS' })),
    ).toEqual({
      events: [
        { type: 'GroupRenamed', data: { classroomId, groupId: 'g-otters', name: 'OTTERS' } },
      ],
    });
  });

  it('refuses renaming to another group’s name', () => {
    expect(
      refusalCode(
        given(base).when(cmd('RenameGroup', { classroomId, groupId: 'g-otters', name: 'herons' })),
      ),
    ).toBe('roster.group-name-taken');
  });

  it('refuses renaming a group that does not exist', () => {
    expect(
      refusalCode(given(base).when(cmd('RenameGroup', { classroomId, groupId: 'g-x', name: 'X' }))),
    ).toBe('roster.group-not-found');
  });

  it('refuses a student renaming a group', () => {
    expect(
      refusalCode(
        given(base).when(
          cmd('RenameGroup', { classroomId, groupId: 'g-otters', name: 'X' }, 'u-ana'),
        ),
      ),
    ).toBe('roster.not-teacher');
  });

  it('dissolves a group, leaving its members ungrouped', () => {
    expect(given(base).when(cmd('DissolveGroup', { classroomId, groupId: 'g-otters' }))).toEqual({
      events: [
        {
          type: 'StudentRemovedFromGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
        },
        {
          type: 'StudentRemovedFromGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-ben' },
        },
        { type: 'GroupDissolved', data: { classroomId, groupId: 'g-otters' } },
      ],
    });
  });

  it('frees a dissolved group’s name and lets its members join another group', () => {
    const dissolved = [
      ...base,
      {
        type: 'StudentRemovedFromGroup',
        data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
      },
      {
        type: 'StudentRemovedFromGroup',
        data: { classroomId, groupId: 'g-otters', studentId: 'u-ben' },
      },
      { type: 'GroupDissolved', data: { classroomId, groupId: 'g-otters' } },
    ] as RosterEvent[];
    expect(
      given(dissolved).when(cmd('CreateGroup', { classroomId, groupId: 'g-new', name: 'Otters' })),
    ).toEqual({
      events: [group('g-new', 'Otters')],
    });
    expect(
      given(dissolved).when(
        cmd('AddStudentToGroup', { classroomId, groupId: 'g-herons', studentId: 'u-ana' }),
      ),
    ).toEqual({ events: [member('g-herons', 'u-ana')] });
  });

  it('refuses dissolving a group that does not exist', () => {
    expect(
      refusalCode(given(base).when(cmd('DissolveGroup', { classroomId, groupId: 'g-x' }))),
    ).toBe('roster.group-not-found');
  });

  it('refuses a student dissolving a group', () => {
    expect(
      refusalCode(
        given(base).when(cmd('DissolveGroup', { classroomId, groupId: 'g-otters' }, 'u-ana')),
      ),
    ).toBe('roster.not-teacher');
  });

  it('removes a student from their group', () => {
    expect(
      given(base).when(
        cmd('RemoveStudentFromGroup', { classroomId, groupId: 'g-otters', studentId: 'u-ana' }),
      ),
    ).toEqual({
      events: [
        {
          type: 'StudentRemovedFromGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
        },
      ],
    });
  });

  it('refuses removing a student who is not in that group', () => {
    expect(
      refusalCode(
        given(base).when(
          cmd('RemoveStudentFromGroup', { classroomId, groupId: 'g-herons', studentId: 'u-ana' }),
        ),
      ),
    ).toBe('roster.not-in-group');
  });

  it('refuses removing from a group that does not exist', () => {
    expect(
      refusalCode(
        given(base).when(
          cmd('RemoveStudentFromGroup', { classroomId, groupId: 'g-x', studentId: 'u-ana' }),
        ),
      ),
    ).toBe('roster.group-not-found');
  });

  it('refuses a student removing a classmate', () => {
    expect(
      refusalCode(
        given(base).when(
          cmd(
            'RemoveStudentFromGroup',
            { classroomId, groupId: 'g-otters', studentId: 'u-ben' },
            'u-ana',
          ),
        ),
      ),
    ).toBe('roster.not-teacher');
  });
});

describe('roster decider: peer tutors and schools', () => {
  const base = [created, joined('u-ana')];
  const designate = (studentId = 'u-ana', by = teacher): RosterCommand => ({
    type: 'DesignatePeerTutor',
    data: { classroomId, studentId },
    metadata: meta(by),
  });
  const withdraw = (by = teacher): RosterCommand => ({
    type: 'WithdrawPeerTutor',
    data: { classroomId, studentId: 'u-ana' },
    metadata: meta(by),
  });
  const designated: RosterEvent = {
    type: 'PeerTutorDesignated',
    data: { classroomId, studentId: 'u-ana', designatedBy: teacher },
  };

  it('designates a student as a peer tutor', () => {
    expect(given(base).when(designate())).toEqual({ events: [designated] });
  });

  it('records nothing when they already are one', () => {
    expect(given([...base, designated]).when(designate())).toEqual({ events: [] });
  });

  it('designates a peer tutor for one subject, and moves them to another or to any subject', () => {
    const forSubject = (subject?: string): RosterCommand => ({
      type: 'DesignatePeerTutor',
      data: { classroomId, studentId: 'u-ana', ...(subject === undefined ? {} : { subject }) },
      metadata: meta(teacher),
    });
    const fractions: RosterEvent = {
      type: 'PeerTutorDesignated',
      data: { classroomId, studentId: 'u-ana', designatedBy: teacher, subject: 'Fractions' },
    };
    expect(given(base).when(forSubject('  Fractions '))).toEqual({ events: [fractions] });
    expect(given([...base, fractions]).when(forSubject('Fractions'))).toEqual({ events: [] });
    expect(given([...base, fractions]).when(forSubject('Poetry'))).toEqual({
      events: [
        {
          type: 'PeerTutorDesignated',
          data: { classroomId, studentId: 'u-ana', designatedBy: teacher, subject: 'Poetry' },
        },
      ],
    });
    // No subject (or a blank one): any subject again.
    expect(given([...base, fractions]).when(forSubject(' '))).toEqual({ events: [designated] });
    expect(given([...base, designated]).when(forSubject())).toEqual({ events: [] });
  });

  it('refuses designating someone who is not a student of the class', () => {
    expect(refusalCode(given(base).when(designate('u-stranger')))).toBe('roster.not-a-student');
  });

  it('refuses a student designating themself', () => {
    expect(refusalCode(given(base).when(designate('u-ana', 'u-ana')))).toBe('roster.not-teacher');
  });

  it('withdraws a peer tutor, and records nothing when they were not one', () => {
    expect(given([...base, designated]).when(withdraw())).toEqual({
      events: [
        {
          type: 'PeerTutorWithdrawn',
          data: { classroomId, studentId: 'u-ana', withdrawnBy: teacher },
        },
      ],
    });
    expect(given(base).when(withdraw())).toEqual({ events: [] });
  });

  it('refuses a student withdrawing a peer tutor', () => {
    expect(refusalCode(given([...base, designated]).when(withdraw('u-ana')))).toBe(
      'roster.not-teacher',
    );
  });

  const link = (
    schoolId: string,
    by = teacher,
    schoolAdmins: readonly string[] = [teacher, coTeacher],
  ): RosterCommand => ({
    type: 'LinkClassroomToSchool',
    data: { classroomId, schoolId, schoolAdmins },
    metadata: meta(by),
  });
  const linked: RosterEvent = {
    type: 'ClassroomLinkedToSchool',
    data: { classroomId, schoolId: 's-1' },
  };

  it('links the classroom to a school', () => {
    expect(given([created]).when(link('s-1'))).toEqual({ events: [linked] });
  });

  it('records nothing when it is already in that school', () => {
    expect(given([created, linked]).when(link('s-1'))).toEqual({ events: [] });
  });

  it('refuses moving it to another school', () => {
    expect(refusalCode(given([created, linked]).when(link('s-2')))).toBe(
      'roster.classroom-in-another-school',
    );
  });

  it('refuses the owner linking the classroom to a school they are not an admin of', () => {
    expect(refusalCode(given([created]).when(link('s-1', teacher, ['u-head'])))).toBe(
      'roster.not-school-admin',
    );
  });

  it('refuses a co-teacher linking the classroom to a school', () => {
    expect(refusalCode(given(withCoTeacher).when(link('s-1', coTeacher)))).toBe('roster.not-owner');
  });
});

describe('roster decider: removing people', () => {
  const mentorInvite: RosterEvent = {
    type: 'InviteIssued',
    data: {
      classroomId,
      inviteId: 'i-m',
      role: 'mentor',
      tokenHash: 'hash-m',
      expiresAt: '2026-11-29T09:00:00.000Z',
      invitedBy: teacher,
      accessUntil: '2026-12-20T00:00:00.000Z',
    },
  };
  const mentorAccepted: RosterEvent = {
    type: 'InviteAccepted',
    data: {
      classroomId,
      inviteId: 'i-m',
      userId: 'u-mentor',
      role: 'mentor',
      acceptedAt: at,
      accessUntil: '2026-12-20T00:00:00.000Z',
    },
  };
  const base = [
    ...withCoTeacher,
    joined('u-ana'),
    group('g-otters', 'Otters'),
    member('g-otters', 'u-ana'),
    {
      type: 'PeerTutorDesignated',
      data: { classroomId, studentId: 'u-ana', designatedBy: teacher },
    },
    mentorInvite,
    mentorAccepted,
  ] as RosterEvent[];
  const remove = (
    userId: string,
    role: 'co-teacher' | 'guardian' | 'mentor' | 'student',
    by = teacher,
  ): RosterCommand => ({
    type: 'RemoveMember',
    data: { classroomId, userId, role },
    metadata: meta(by),
  });

  it('issues a mentor invite with time-limited access, carried on acceptance', () => {
    const issue: RosterCommand = {
      type: 'IssueInvite',
      data: {
        classroomId,
        inviteId: 'i-m',
        role: 'mentor',
        tokenHash: 'hash-m',
        expiresAt: '2026-11-29T09:00:00.000Z',
        accessUntil: '2026-12-20T00:00:00.000Z',
      },
      metadata: meta(teacher),
    };
    expect(given([created]).when(issue)).toEqual({ events: [mentorInvite] });
    const accept: RosterCommand = {
      type: 'AcceptInvite',
      data: { classroomId, inviteId: 'i-m', tokenHash: 'hash-m' },
      metadata: meta('u-mentor'),
    };
    expect(given([created, mentorInvite]).when(accept)).toEqual({ events: [mentorAccepted] });
  });

  it('refuses access that would end before the invite is issued', () => {
    const issue: RosterCommand = {
      type: 'IssueInvite',
      data: {
        classroomId,
        inviteId: 'i-m',
        role: 'mentor',
        tokenHash: 'hash-m',
        expiresAt: '2026-11-29T09:00:00.000Z',
        accessUntil: '2026-01-01T00:00:00.000Z',
      },
      metadata: meta(teacher),
    };
    expect(refusalCode(given([created]).when(issue))).toBe('roster.invite-expiry-invalid');
  });

  it('removes a student, ungrouping them and withdrawing their tutor role first', () => {
    expect(given(base).when(remove('u-ana', 'student'))).toEqual({
      events: [
        {
          type: 'StudentRemovedFromGroup',
          data: { classroomId, groupId: 'g-otters', studentId: 'u-ana' },
        },
        {
          type: 'PeerTutorWithdrawn',
          data: { classroomId, studentId: 'u-ana', withdrawnBy: teacher },
        },
        {
          type: 'MemberRemoved',
          data: { classroomId, userId: 'u-ana', role: 'student', removedBy: teacher },
        },
      ],
    });
  });

  it('lets a co-teacher remove a mentor at once', () => {
    expect(given(base).when(remove('u-mentor', 'mentor', coTeacher))).toEqual({
      events: [
        {
          type: 'MemberRemoved',
          data: { classroomId, userId: 'u-mentor', role: 'mentor', removedBy: coTeacher },
        },
      ],
    });
  });

  it('refuses a co-teacher removing a co-teacher', () => {
    expect(refusalCode(given(base).when(remove(coTeacher, 'co-teacher', coTeacher)))).toBe(
      'roster.not-owner',
    );
  });

  it('refuses a student removing anyone', () => {
    expect(refusalCode(given(base).when(remove('u-mentor', 'mentor', 'u-ana')))).toBe(
      'roster.not-teacher',
    );
  });

  it('refuses removing someone from a role they do not hold', () => {
    expect(refusalCode(given(base).when(remove('u-ana', 'guardian')))).toBe('roster.not-a-member');
  });

  it('leaves a removed co-teacher without the teacher’s powers', () => {
    const removedCo: RosterEvent = {
      type: 'MemberRemoved',
      data: { classroomId, userId: coTeacher, role: 'co-teacher', removedBy: teacher },
    };
    const createGroup: RosterCommand = {
      type: 'CreateGroup',
      data: { classroomId, groupId: 'g-2', name: 'Newts' },
      metadata: meta(coTeacher),
    };
    expect(refusalCode(given([...base, removedCo]).when(createGroup))).toBe('roster.not-teacher');
  });
});
