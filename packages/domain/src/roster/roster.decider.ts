import type { CommandMetadata, Decider } from '../common/decider.js';
import { DomainError } from '../common/domain-error.js';
import type { RosterCommand } from './commands.js';
import type {
  GroupArrangement,
  GroupsArranged,
  InvitedRole,
  RemovableRole,
  RosterEvent,
} from './events.js';

export interface Group {
  readonly name: string;
  readonly members: ReadonlySet<string>;
}

export interface Invite {
  readonly role: InvitedRole;
  readonly tokenHash: string;
  readonly expiresAt: string;
  readonly studentIds: readonly string[];
  readonly accessUntil?: string;
  readonly status: 'open' | 'used' | 'revoked';
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
      readonly coTeachers: ReadonlySet<string>;
      /** Mentor → when their access ends (undefined: until removed). */
      readonly mentors: ReadonlyMap<string, string | undefined>;
      /** Guardian → the students they are guardian of. */
      readonly guardians: ReadonlyMap<string, ReadonlySet<string>>;
      /** Peer tutor → the subject they tutor (null: any). */
      readonly peerTutors: ReadonlyMap<string, string | null>;
      /** Students whose account the teacher made (they sign in with a class code and a secret). */
      readonly studentAccounts: ReadonlySet<string>;
      readonly invites: ReadonlyMap<string, Invite>;
      readonly schoolId?: string;
      /** The last one-step grouping, while nothing else has changed the groups since: what undo restores. */
      readonly lastArrangement?: Pick<GroupsArranged['data'], 'previous' | 'created'>;
    };

export type ActiveClassroom = Extract<ClassroomState, { status: 'active' }>;

function requireClassroom(state: ClassroomState): ActiveClassroom {
  if (state.status === 'absent') {
    throw new DomainError('classroom.not-found', 'This classroom does not exist.');
  }
  return state;
}

/** The teacher who created the classroom and the co-teachers they invited. */
export function isStaff(state: ActiveClassroom, userId: string): boolean {
  return state.teacherId === userId || state.coTeachers.has(userId);
}

function requireStaff(state: ActiveClassroom, by: string): void {
  if (!isStaff(state, by)) {
    throw new DomainError('roster.not-teacher', 'Only the classroom’s teachers can do that.');
  }
}

function requireOwner(state: ActiveClassroom, by: string): void {
  if (state.teacherId !== by) {
    throw new DomainError(
      'roster.not-owner',
      'Only the teacher who created this classroom can do that. Ask them to.',
    );
  }
}

function requireGroup(state: ActiveClassroom, groupId: string): Group {
  const group = state.groups.get(groupId);
  if (!group) {
    throw new DomainError('roster.group-not-found', 'That group does not exist in this classroom.');
  }
  return group;
}

function requireStudent(state: ActiveClassroom, studentId: string): void {
  if (!state.students.has(studentId)) {
    throw new DomainError(
      'roster.not-a-student',
      'That person is not a student of this classroom. Add them to the class first.',
    );
  }
}

function normalName(name: string): string {
  return name.trim().toLocaleLowerCase();
}

function requireFreeGroupName(state: ActiveClassroom, name: string, except?: string): void {
  const wanted = normalName(name);
  for (const [groupId, group] of state.groups) {
    if (groupId !== except && normalName(group.name) === wanted) {
      throw new DomainError(
        'roster.group-name-taken',
        `There is already a group called “${group.name}”.`,
      );
    }
  }
}

export function groupOf(state: ActiveClassroom, studentId: string): string | undefined {
  for (const [groupId, group] of state.groups) if (group.members.has(studentId)) return groupId;
  return undefined;
}

function withGroup(
  state: ActiveClassroom,
  groupId: string,
  change: (members: Set<string>) => void,
): ActiveClassroom {
  const group = state.groups.get(groupId);
  if (!group) return state;
  const members = new Set(group.members);
  change(members);
  const groups = new Map(state.groups);
  groups.set(groupId, { ...group, members });
  return { ...state, groups };
}

function withInvite(state: ActiveClassroom, inviteId: string, status: Invite['status']) {
  const invite = state.invites.get(inviteId);
  if (!invite) return state;
  const invites = new Map(state.invites);
  invites.set(inviteId, { ...invite, status });
  return { ...state, invites };
}

function added<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  return new Set([...set, value]);
}

function removed<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
  const next = new Set(set);
  next.delete(value);
  return next;
}

/** The events that take the groups from how they are to `target` (every group after the step). */
function rearrange(
  classroom: ActiveClassroom,
  target: readonly GroupArrangement[],
  dissolve: readonly string[] = [],
): { events: RosterEvent[]; created: string[] } {
  const { classroomId } = classroom;
  const events: RosterEvent[] = [];
  const created: string[] = [];
  const wanted = new Map<string, string>();
  const names = new Set<string>();
  for (const group of target) {
    if (!classroom.groups.has(group.groupId)) {
      if (dissolve.includes(group.groupId) || created.includes(group.groupId)) {
        throw new DomainError('roster.group-listed-twice', 'A group is listed twice.');
      }
      requireFreeGroupName(classroom, group.name);
      if (names.has(normalName(group.name))) {
        throw new DomainError(
          'roster.group-name-taken',
          `Two new groups are both called “${group.name}”.`,
        );
      }
      names.add(normalName(group.name));
      created.push(group.groupId);
      events.push({
        type: 'GroupCreated',
        data: { classroomId, groupId: group.groupId, name: group.name },
      });
    }
    for (const studentId of group.studentIds) {
      if (!classroom.students.has(studentId)) {
        throw new DomainError(
          'roster.not-a-student',
          'Only students of this classroom can join its groups.',
        );
      }
      if (wanted.has(studentId)) {
        throw new DomainError(
          'roster.student-in-two-groups',
          'A student can be in only one group. Each student is listed once.',
        );
      }
      wanted.set(studentId, group.groupId);
    }
  }
  const adds: RosterEvent[] = [];
  for (const [groupId, group] of classroom.groups) {
    for (const studentId of group.members) {
      if (wanted.get(studentId) === groupId) continue;
      events.push({ type: 'StudentRemovedFromGroup', data: { classroomId, groupId, studentId } });
    }
  }
  for (const [studentId, groupId] of wanted) {
    if (classroom.groups.get(groupId)?.members.has(studentId)) continue;
    adds.push({ type: 'StudentAddedToGroup', data: { classroomId, groupId, studentId } });
  }
  events.push(...adds);
  for (const groupId of dissolve)
    events.push({ type: 'GroupDissolved', data: { classroomId, groupId } });
  return { events, created };
}

function currentArrangement(classroom: ActiveClassroom): GroupArrangement[] {
  return [...classroom.groups].map(([groupId, group]) => ({
    groupId,
    name: group.name,
    studentIds: [...group.members],
  }));
}

function decideArrangement(
  classroom: ActiveClassroom,
  command: Extract<RosterCommand, { type: 'ArrangeGroups' }>,
): RosterEvent[] {
  requireStaff(classroom, command.metadata.by);
  const { how, size, groups } = command.data;
  if (!Number.isInteger(size) || size < 2) {
    throw new DomainError('roster.group-size-invalid', 'Groups need at least 2 students each.');
  }
  const { events, created } = rearrange(classroom, groups);
  if (events.length === 0) return [];
  return [
    ...events,
    {
      type: 'GroupsArranged',
      data: {
        classroomId: classroom.classroomId,
        how,
        size,
        previous: currentArrangement(classroom),
        created,
      },
    },
  ];
}

function decideUndoArrangement(classroom: ActiveClassroom, by: string): RosterEvent[] {
  requireStaff(classroom, by);
  const last = classroom.lastArrangement;
  if (!last) {
    throw new DomainError(
      'roster.nothing-to-undo',
      'There is no grouping to undo: the groups have changed since the last one, or none was made.',
    );
  }
  const previous = new Set(last.previous.map((g) => g.groupId));
  const { events } = rearrange(
    classroom,
    last.previous,
    last.created.filter((groupId) => classroom.groups.has(groupId) && !previous.has(groupId)),
  );
  return [
    ...events,
    { type: 'GroupArrangementUndone', data: { classroomId: classroom.classroomId } },
  ];
}

function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

function decideInvite(
  classroom: ActiveClassroom,
  command: Extract<RosterCommand, { type: 'IssueInvite' }>,
): RosterEvent[] {
  const { data, metadata } = command;
  // Co-teachers share every power over the class, so only its creator may add one.
  if (data.role === 'co-teacher') requireOwner(classroom, metadata.by);
  else requireStaff(classroom, metadata.by);
  if (classroom.invites.has(data.inviteId)) {
    throw new DomainError('roster.invite-exists', 'An invite with this id was already issued.');
  }
  if (Number.isNaN(Date.parse(data.expiresAt)) || !isBefore(metadata.at, data.expiresAt)) {
    throw new DomainError(
      'roster.invite-expiry-invalid',
      'An invite must expire some time after it is issued. Pick a later expiry.',
    );
  }
  if (
    data.accessUntil !== undefined &&
    (Number.isNaN(Date.parse(data.accessUntil)) || !isBefore(metadata.at, data.accessUntil))
  ) {
    throw new DomainError(
      'roster.invite-expiry-invalid',
      'Access must last until some time after the invite is issued. Pick a later end date.',
    );
  }
  const studentIds = data.studentIds ?? [];
  if (data.role === 'guardian' && studentIds.length === 0) {
    throw new DomainError(
      'roster.invite-needs-students',
      'Say which students this guardian looks after before inviting them.',
    );
  }
  for (const studentId of studentIds) requireStudent(classroom, studentId);
  return [
    {
      type: 'InviteIssued',
      data: {
        classroomId: data.classroomId,
        inviteId: data.inviteId,
        role: data.role,
        tokenHash: data.tokenHash,
        expiresAt: data.expiresAt,
        invitedBy: metadata.by,
        ...(studentIds.length > 0 ? { studentIds } : {}),
        ...(data.accessUntil !== undefined ? { accessUntil: data.accessUntil } : {}),
      },
    },
  ];
}

function alreadyHolds(classroom: ActiveClassroom, invite: Invite, userId: string): boolean {
  if (classroom.teacherId === userId) return true;
  switch (invite.role) {
    case 'co-teacher':
      return classroom.coTeachers.has(userId);
    case 'mentor':
      return classroom.mentors.has(userId);
    case 'guardian': {
      const of = classroom.guardians.get(userId);
      return of !== undefined && invite.studentIds.every((s) => of.has(s));
    }
  }
}

function decideAccept(
  classroom: ActiveClassroom,
  data: { classroomId: string; inviteId: string; tokenHash: string },
  metadata: CommandMetadata,
): RosterEvent[] {
  const invite = classroom.invites.get(data.inviteId);
  if (!invite) {
    throw new DomainError(
      'roster.invite-not-found',
      'This invite link is not valid. Ask the teacher for a new one.',
    );
  }
  // Checked first, so someone without the token learns nothing about the invite.
  if (invite.tokenHash !== data.tokenHash) {
    throw new DomainError(
      'roster.invite-token-mismatch',
      'This invite link is not valid. Check you copied all of it, or ask for a new one.',
    );
  }
  if (invite.status === 'revoked') {
    throw new DomainError(
      'roster.invite-revoked',
      'The teacher withdrew this invite. Ask them for a new one if you still need access.',
    );
  }
  if (invite.status === 'used') {
    throw new DomainError(
      'roster.invite-used',
      'This invite link has already been used. Ask the teacher for a new one.',
    );
  }
  if (!isBefore(metadata.at, invite.expiresAt)) {
    throw new DomainError(
      'roster.invite-expired',
      'This invite link has expired. Ask the teacher to send a new one.',
    );
  }
  if (alreadyHolds(classroom, invite, metadata.by) || classroom.students.has(metadata.by)) {
    throw new DomainError(
      'roster.already-member',
      'You are already part of this classroom; this invite is for someone else.',
    );
  }
  return [
    {
      type: 'InviteAccepted',
      data: {
        classroomId: data.classroomId,
        inviteId: data.inviteId,
        userId: metadata.by,
        role: invite.role,
        acceptedAt: metadata.at,
        ...(invite.studentIds.length > 0 ? { studentIds: invite.studentIds } : {}),
        ...(invite.accessUntil !== undefined ? { accessUntil: invite.accessUntil } : {}),
      },
    },
  ];
}

function holdsRole(classroom: ActiveClassroom, userId: string, role: RemovableRole): boolean {
  switch (role) {
    case 'co-teacher':
      return classroom.coTeachers.has(userId);
    case 'mentor':
      return classroom.mentors.has(userId);
    case 'guardian':
      return classroom.guardians.has(userId);
    case 'student':
      return classroom.students.has(userId);
  }
}

function decideRemoval(
  classroom: ActiveClassroom,
  data: { classroomId: string; userId: string; role: RemovableRole },
  by: string,
): RosterEvent[] {
  const { classroomId, userId, role } = data;
  if (role === 'co-teacher') requireOwner(classroom, by);
  else requireStaff(classroom, by);
  if (!holdsRole(classroom, userId, role)) {
    throw new DomainError(
      'roster.not-a-member',
      `That person is not a ${role} of this classroom; there is nothing to remove.`,
    );
  }
  const events: RosterEvent[] = [];
  if (role === 'student') {
    const groupId = groupOf(classroom, userId);
    if (groupId !== undefined) {
      events.push({
        type: 'StudentRemovedFromGroup',
        data: { classroomId, groupId, studentId: userId },
      });
    }
    if (classroom.peerTutors.has(userId)) {
      events.push({
        type: 'PeerTutorWithdrawn',
        data: { classroomId, studentId: userId, withdrawnBy: by },
      });
    }
  }
  events.push({ type: 'MemberRemoved', data: { classroomId, userId, role, removedBy: by } });
  return events;
}

function withoutMember(
  classroom: ActiveClassroom,
  userId: string,
  role: RemovableRole,
): ActiveClassroom {
  switch (role) {
    case 'co-teacher':
      return { ...classroom, coTeachers: removed(classroom.coTeachers, userId) };
    case 'mentor': {
      const mentors = new Map(classroom.mentors);
      mentors.delete(userId);
      return { ...classroom, mentors };
    }
    case 'guardian': {
      const guardians = new Map(classroom.guardians);
      guardians.delete(userId);
      return { ...classroom, guardians };
    }
    case 'student':
      return {
        ...classroom,
        students: removed(classroom.students, userId),
        studentAccounts: removed(classroom.studentAccounts, userId),
      };
  }
}

/** Events that change the groups: after one, the last grouping can no longer be undone. */
const GROUP_CHANGES = new Set<RosterEvent['type']>([
  'GroupCreated',
  'StudentAddedToGroup',
  'StudentRemovedFromGroup',
  'GroupRenamed',
  'GroupDissolved',
  'GroupArrangementUndone',
]);

function withoutUndo(classroom: ActiveClassroom, event: RosterEvent): ActiveClassroom {
  if (classroom.lastArrangement === undefined || !GROUP_CHANGES.has(event.type)) return classroom;
  const { lastArrangement: _undone, ...rest } = classroom;
  return rest;
}

export const rosterDecider: Decider<RosterCommand, RosterEvent, ClassroomState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    const { metadata } = command;
    if (command.type === 'CreateClassroom') {
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
    const classroom = requireClassroom(state);
    const { classroomId } = command.data;
    switch (command.type) {
      case 'JoinClassroom': {
        if (isStaff(classroom, metadata.by)) {
          throw new DomainError('roster.teacher-cannot-join', 'You teach this classroom already.');
        }
        if (classroom.joinCode !== command.data.joinCode) {
          throw new DomainError(
            'roster.wrong-join-code',
            'That join code does not match. Check it with your teacher.',
          );
        }
        if (classroom.students.has(metadata.by)) return [];
        return [{ type: 'StudentJoinedClassroom', data: { classroomId, studentId: metadata.by } }];
      }
      case 'CreateGroup': {
        requireStaff(classroom, metadata.by);
        requireFreeGroupName(classroom, command.data.name);
        const { groupId, name } = command.data;
        return [{ type: 'GroupCreated', data: { classroomId, groupId, name } }];
      }
      case 'AddStudentToGroup': {
        requireStaff(classroom, metadata.by);
        const { groupId, studentId } = command.data;
        requireGroup(classroom, groupId);
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
            data: { classroomId, groupId: current, studentId },
          });
        }
        events.push({ type: 'StudentAddedToGroup', data: { classroomId, groupId, studentId } });
        return events;
      }
      case 'IssueInvite':
        return decideInvite(classroom, command);
      case 'AcceptInvite':
        return decideAccept(classroom, command.data, metadata);
      case 'RevokeInvite': {
        requireStaff(classroom, metadata.by);
        const invite = classroom.invites.get(command.data.inviteId);
        if (!invite) {
          throw new DomainError('roster.invite-not-found', 'There is no such invite to withdraw.');
        }
        if (invite.status === 'used') {
          throw new DomainError(
            'roster.invite-used',
            'This invite was already accepted. Remove the person instead.',
          );
        }
        if (invite.status === 'revoked') return [];
        return [
          {
            type: 'InviteRevoked',
            data: { classroomId, inviteId: command.data.inviteId, revokedBy: metadata.by },
          },
        ];
      }
      case 'CreateStudentAccount': {
        requireStaff(classroom, metadata.by);
        const { studentId, displayName, secretHash } = command.data;
        if (classroom.students.has(studentId) || isStaff(classroom, studentId)) {
          throw new DomainError(
            'roster.student-exists',
            'This person is already in the classroom. Reset their secret instead.',
          );
        }
        return [
          {
            type: 'StudentAccountCreated',
            data: { classroomId, studentId, displayName, secretHash, createdBy: metadata.by },
          },
          // The same membership fact as joining by code, so every roster reader sees them.
          { type: 'StudentJoinedClassroom', data: { classroomId, studentId } },
        ];
      }
      case 'ResetStudentSecret': {
        requireStaff(classroom, metadata.by);
        const { studentId, secretHash } = command.data;
        if (!classroom.studentAccounts.has(studentId)) {
          throw new DomainError(
            'roster.student-account-not-found',
            'Only accounts made by the teacher have a class secret. This student signs in their own way.',
          );
        }
        return [
          {
            type: 'StudentSecretReset',
            data: { classroomId, studentId, secretHash, resetBy: metadata.by },
          },
        ];
      }
      case 'RenameGroup': {
        requireStaff(classroom, metadata.by);
        const { groupId, name } = command.data;
        const group = requireGroup(classroom, groupId);
        if (group.name === name) return [];
        requireFreeGroupName(classroom, name, groupId);
        return [{ type: 'GroupRenamed', data: { classroomId, groupId, name } }];
      }
      case 'DissolveGroup': {
        requireStaff(classroom, metadata.by);
        const { groupId } = command.data;
        const group = requireGroup(classroom, groupId);
        return [
          ...[...group.members].map((studentId): RosterEvent => ({
            type: 'StudentRemovedFromGroup',
            data: { classroomId, groupId, studentId },
          })),
          { type: 'GroupDissolved', data: { classroomId, groupId } },
        ];
      }
      case 'RemoveStudentFromGroup': {
        requireStaff(classroom, metadata.by);
        const { groupId, studentId } = command.data;
        const group = requireGroup(classroom, groupId);
        if (!group.members.has(studentId)) {
          throw new DomainError('roster.not-in-group', 'That student is not in this group.');
        }
        return [{ type: 'StudentRemovedFromGroup', data: { classroomId, groupId, studentId } }];
      }
      case 'ArrangeGroups':
        return decideArrangement(classroom, command);
      case 'UndoGroupArrangement':
        return decideUndoArrangement(classroom, metadata.by);
      case 'DesignatePeerTutor': {
        requireStaff(classroom, metadata.by);
        const { studentId } = command.data;
        requireStudent(classroom, studentId);
        const subject = command.data.subject?.trim() || null;
        if (classroom.peerTutors.get(studentId) === subject) return [];
        return [
          {
            type: 'PeerTutorDesignated',
            data: {
              classroomId,
              studentId,
              designatedBy: metadata.by,
              ...(subject === null ? {} : { subject }),
            },
          },
        ];
      }
      case 'WithdrawPeerTutor': {
        requireStaff(classroom, metadata.by);
        const { studentId } = command.data;
        if (!classroom.peerTutors.has(studentId)) return [];
        return [
          {
            type: 'PeerTutorWithdrawn',
            data: { classroomId, studentId, withdrawnBy: metadata.by },
          },
        ];
      }
      case 'RemoveMember':
        return decideRemoval(classroom, command.data, metadata.by);
      case 'LinkClassroomToSchool': {
        requireOwner(classroom, metadata.by);
        const { schoolId, schoolAdmins } = command.data;
        if (classroom.schoolId === schoolId) return [];
        if (classroom.schoolId !== undefined) {
          throw new DomainError(
            'roster.classroom-in-another-school',
            'This classroom already belongs to another school. Ask a school admin to move it.',
          );
        }
        // A school's admins observe every linked classroom, and its teachers see and
        // invite each other's: a teacher who is not one of its admins could otherwise
        // push their classroom into any school.
        if (!schoolAdmins.includes(metadata.by)) {
          throw new DomainError(
            'roster.not-school-admin',
            'Only an admin of that school can link a classroom to it. Ask one of its admins to add you as an admin first.',
          );
        }
        return [{ type: 'ClassroomLinkedToSchool', data: { classroomId, schoolId } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'ClassroomCreated') {
      return {
        status: 'active',
        classroomId: event.data.classroomId,
        teacherId: event.data.teacherId,
        joinCode: event.data.joinCode,
        students: new Set(),
        groups: new Map(),
        coTeachers: new Set(),
        mentors: new Map(),
        guardians: new Map(),
        peerTutors: new Map(),
        studentAccounts: new Set(),
        invites: new Map(),
      };
    }
    const classroom = withoutUndo(requireClassroom(state), event);
    switch (event.type) {
      case 'GroupsArranged':
        return {
          ...classroom,
          lastArrangement: { previous: event.data.previous, created: event.data.created },
        };
      case 'GroupArrangementUndone':
        return classroom;
      case 'StudentJoinedClassroom':
        return { ...classroom, students: added(classroom.students, event.data.studentId) };
      case 'GroupCreated': {
        const groups = new Map(classroom.groups);
        groups.set(event.data.groupId, { name: event.data.name, members: new Set() });
        return { ...classroom, groups };
      }
      case 'StudentAddedToGroup':
        return withGroup(classroom, event.data.groupId, (m) => m.add(event.data.studentId));
      case 'StudentRemovedFromGroup':
        return withGroup(classroom, event.data.groupId, (m) => m.delete(event.data.studentId));
      case 'InviteIssued': {
        const { inviteId, role, tokenHash, expiresAt, studentIds = [], accessUntil } = event.data;
        const invites = new Map(classroom.invites);
        invites.set(inviteId, {
          role,
          tokenHash,
          expiresAt,
          studentIds,
          ...(accessUntil !== undefined ? { accessUntil } : {}),
          status: 'open',
        });
        return { ...classroom, invites };
      }
      case 'InviteAccepted': {
        const next = withInvite(classroom, event.data.inviteId, 'used');
        const { userId, role, studentIds = [] } = event.data;
        switch (role) {
          case 'co-teacher':
            return { ...next, coTeachers: added(next.coTeachers, userId) };
          case 'mentor': {
            const mentors = new Map(next.mentors);
            mentors.set(userId, event.data.accessUntil);
            return { ...next, mentors };
          }
          case 'guardian': {
            const guardians = new Map(next.guardians);
            guardians.set(userId, new Set([...(guardians.get(userId) ?? []), ...studentIds]));
            return { ...next, guardians };
          }
        }
      }
      case 'InviteRevoked':
        return withInvite(classroom, event.data.inviteId, 'revoked');
      case 'StudentAccountCreated':
        return {
          ...classroom,
          studentAccounts: added(classroom.studentAccounts, event.data.studentId),
        };
      case 'StudentSecretReset':
        return classroom;
      case 'GroupRenamed': {
        const group = classroom.groups.get(event.data.groupId);
        if (!group) return classroom;
        const groups = new Map(classroom.groups);
        groups.set(event.data.groupId, { ...group, name: event.data.name });
        return { ...classroom, groups };
      }
      case 'GroupDissolved': {
        const groups = new Map(classroom.groups);
        groups.delete(event.data.groupId);
        return { ...classroom, groups };
      }
      case 'PeerTutorDesignated': {
        const peerTutors = new Map(classroom.peerTutors);
        peerTutors.set(event.data.studentId, event.data.subject ?? null);
        return { ...classroom, peerTutors };
      }
      case 'PeerTutorWithdrawn': {
        const peerTutors = new Map(classroom.peerTutors);
        peerTutors.delete(event.data.studentId);
        return { ...classroom, peerTutors };
      }
      case 'MemberRemoved':
        return withoutMember(classroom, event.data.userId, event.data.role);
      case 'ClassroomLinkedToSchool':
        return { ...classroom, schoolId: event.data.schoolId };
    }
  },
};
