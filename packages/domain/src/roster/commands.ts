import type { Command } from '../common/decider.js';
import type { GroupArrangement, GroupingMethod, InvitedRole, RemovableRole } from './events.js';

export type CreateClassroom = Command<
  'CreateClassroom',
  { classroomId: string; name: string; joinCode: string }
>;
export type JoinClassroom = Command<'JoinClassroom', { classroomId: string; joinCode: string }>;
export type CreateGroup = Command<
  'CreateGroup',
  { classroomId: string; groupId: string; name: string }
>;
export type AddStudentToGroup = Command<
  'AddStudentToGroup',
  { classroomId: string; groupId: string; studentId: string }
>;

/** `tokenHash` and `expiresAt` come from the caller: the domain makes no tokens and reads no clock. */
export type IssueInvite = Command<
  'IssueInvite',
  {
    classroomId: string;
    inviteId: string;
    role: InvitedRole;
    tokenHash: string;
    expiresAt: string;
    /** Required for a guardian: the students they are guardian of. */
    studentIds?: readonly string[];
    /** Time-limited access, for mentors from outside the school; after the invite's expiry. */
    accessUntil?: string;
  }
>;
/** Accepted by the signed-in person (`metadata.by`), at `metadata.at`. */
export type AcceptInvite = Command<
  'AcceptInvite',
  { classroomId: string; inviteId: string; tokenHash: string }
>;
export type RevokeInvite = Command<'RevokeInvite', { classroomId: string; inviteId: string }>;

export type CreateStudentAccount = Command<
  'CreateStudentAccount',
  { classroomId: string; studentId: string; displayName: string; secretHash: string }
>;
export type ResetStudentSecret = Command<
  'ResetStudentSecret',
  { classroomId: string; studentId: string; secretHash: string }
>;

export type RenameGroup = Command<
  'RenameGroup',
  { classroomId: string; groupId: string; name: string }
>;
export type DissolveGroup = Command<'DissolveGroup', { classroomId: string; groupId: string }>;
export type RemoveStudentFromGroup = Command<
  'RemoveStudentFromGroup',
  { classroomId: string; groupId: string; studentId: string }
>;

/**
 * The whole class put into groups in one step (random or balanced groups of a
 * size; the caller shuffles or deals, since the domain makes no random
 * choices). `groups` is every group after the step: an existing group keeps
 * its id, name and workspaces; a new id makes a new group; an existing group
 * left out is emptied but kept (its workspaces stay); a student in no listed
 * group ends up in none.
 */
export type ArrangeGroups = Command<
  'ArrangeGroups',
  {
    classroomId: string;
    how: GroupingMethod;
    size: number;
    groups: readonly GroupArrangement[];
  }
>;
/** Puts the groups back as they were before the last `ArrangeGroups`, if nothing changed them since. */
export type UndoGroupArrangement = Command<'UndoGroupArrangement', { classroomId: string }>;

export type DesignatePeerTutor = Command<
  'DesignatePeerTutor',
  {
    classroomId: string;
    studentId: string;
    /** What they tutor ("Fractions", "Spanish"); absent: anything asked in the class. */
    subject?: string;
  }
>;
export type WithdrawPeerTutor = Command<
  'WithdrawPeerTutor',
  { classroomId: string; studentId: string }
>;

export type RemoveMember = Command<
  'RemoveMember',
  { classroomId: string; userId: string; role: RemovableRole }
>;

/**
 * The school's side spans another stream: that it exists is checked against its
 * stream before this is issued, and its admins as that stream stands then come
 * with the command, so this decider can hold the rule that only an admin links.
 */
export type LinkClassroomToSchool = Command<
  'LinkClassroomToSchool',
  { classroomId: string; schoolId: string; schoolAdmins: readonly string[] }
>;

export type RosterCommand =
  | CreateClassroom
  | JoinClassroom
  | CreateGroup
  | AddStudentToGroup
  | IssueInvite
  | AcceptInvite
  | RevokeInvite
  | CreateStudentAccount
  | ResetStudentSecret
  | RenameGroup
  | DissolveGroup
  | RemoveStudentFromGroup
  | ArrangeGroups
  | UndoGroupArrangement
  | DesignatePeerTutor
  | WithdrawPeerTutor
  | RemoveMember
  | LinkClassroomToSchool;

export type CreateSchool = Command<'CreateSchool', { schoolId: string; name: string }>;
export type AddSchoolAdmin = Command<'AddSchoolAdmin', { schoolId: string; userId: string }>;
export type RemoveSchoolAdmin = Command<'RemoveSchoolAdmin', { schoolId: string; userId: string }>;

export type SchoolCommand = CreateSchool | AddSchoolAdmin | RemoveSchoolAdmin;
