import type { DomainEvent } from '../common/decider.js';

export type ClassroomCreated = DomainEvent<
  'ClassroomCreated',
  { classroomId: string; name: string; teacherId: string; joinCode: string }
>;
export type StudentJoinedClassroom = DomainEvent<
  'StudentJoinedClassroom',
  { classroomId: string; studentId: string }
>;
export type GroupCreated = DomainEvent<
  'GroupCreated',
  { classroomId: string; groupId: string; name: string }
>;
export type StudentAddedToGroup = DomainEvent<
  'StudentAddedToGroup',
  { classroomId: string; groupId: string; studentId: string }
>;
export type StudentRemovedFromGroup = DomainEvent<
  'StudentRemovedFromGroup',
  { classroomId: string; groupId: string; studentId: string }
>;

/** Roles a person can be invited into; students join by code or get an account. */
export type InvitedRole = 'co-teacher' | 'guardian' | 'mentor';

/**
 * An invite link. Only the token's hash is in the log (hashing happens at the
 * edge); the link stops working at `expiresAt`, once used, or once revoked.
 * A guardian invite names the students whose guardian is being invited.
 */
export type InviteIssued = DomainEvent<
  'InviteIssued',
  {
    classroomId: string;
    inviteId: string;
    role: InvitedRole;
    tokenHash: string;
    expiresAt: string;
    invitedBy: string;
    studentIds?: readonly string[];
    /** When the access this invite grants ends (mentors from outside the school). */
    accessUntil?: string;
  }
>;
export type InviteAccepted = DomainEvent<
  'InviteAccepted',
  {
    classroomId: string;
    inviteId: string;
    userId: string;
    role: InvitedRole;
    acceptedAt: string;
    studentIds?: readonly string[];
    accessUntil?: string;
  }
>;
export type InviteRevoked = DomainEvent<
  'InviteRevoked',
  { classroomId: string; inviteId: string; revokedBy: string }
>;

/**
 * A teacher-made account for a young student without email. They sign in with
 * the class code and a simple secret; only the secret's hash is here. The
 * display name is personal data: the server seals it with the student's key
 * before it is appended, so the domain treats it as opaque text.
 */
export type StudentAccountCreated = DomainEvent<
  'StudentAccountCreated',
  {
    classroomId: string;
    studentId: string;
    displayName: string;
    secretHash: string;
    createdBy: string;
  }
>;
export type StudentSecretReset = DomainEvent<
  'StudentSecretReset',
  { classroomId: string; studentId: string; secretHash: string; resetBy: string }
>;

export type GroupRenamed = DomainEvent<
  'GroupRenamed',
  { classroomId: string; groupId: string; name: string }
>;
/** Follows a `StudentRemovedFromGroup` for every member, so read models need no special case. */
export type GroupDissolved = DomainEvent<
  'GroupDissolved',
  { classroomId: string; groupId: string }
>;

/** How a one-step grouping was made. */
export type GroupingMethod = 'random' | 'balanced';

/** One group as an arrangement has it: its members (and its name, for a group the step creates). */
export interface GroupArrangement {
  readonly groupId: string;
  readonly name: string;
  readonly studentIds: readonly string[];
}

/**
 * Closes a one-step grouping, after its own `GroupCreated`, `StudentRemovedFromGroup` and
 * `StudentAddedToGroup` events (appended together): how it was made, and the groups as they
 * were before it and the ones it created, so it can be undone.
 */
export type GroupsArranged = DomainEvent<
  'GroupsArranged',
  {
    classroomId: string;
    how: GroupingMethod;
    size: number;
    previous: readonly GroupArrangement[];
    created: readonly string[];
  }
>;
/** Closes the undo of a grouping, after the events that put the groups back. */
export type GroupArrangementUndone = DomainEvent<'GroupArrangementUndone', { classroomId: string }>;

export type PeerTutorDesignated = DomainEvent<
  'PeerTutorDesignated',
  {
    classroomId: string;
    studentId: string;
    designatedBy: string;
    /** What they tutor; absent: anything. A later designation replaces an earlier one's subject. */
    subject?: string;
  }
>;
export type PeerTutorWithdrawn = DomainEvent<
  'PeerTutorWithdrawn',
  { classroomId: string; studentId: string; withdrawnBy: string }
>;

/** Roles a person can be removed from; removing a student also ungroups them first. */
export type RemovableRole = 'co-teacher' | 'guardian' | 'mentor' | 'student';

/** Access ends at once: open documents and rooms obey it live. */
export type MemberRemoved = DomainEvent<
  'MemberRemoved',
  { classroomId: string; userId: string; role: RemovableRole; removedBy: string }
>;

export type ClassroomLinkedToSchool = DomainEvent<
  'ClassroomLinkedToSchool',
  { classroomId: string; schoolId: string }
>;

export type RosterEvent =
  | ClassroomCreated
  | StudentJoinedClassroom
  | GroupCreated
  | StudentAddedToGroup
  | StudentRemovedFromGroup
  | InviteIssued
  | InviteAccepted
  | InviteRevoked
  | StudentAccountCreated
  | StudentSecretReset
  | GroupRenamed
  | GroupDissolved
  | GroupsArranged
  | GroupArrangementUndone
  | PeerTutorDesignated
  | PeerTutorWithdrawn
  | MemberRemoved
  | ClassroomLinkedToSchool;

/** A school's stream: its name and its administrators. */
export type SchoolCreated = DomainEvent<
  'SchoolCreated',
  { schoolId: string; name: string; createdBy: string }
>;
export type SchoolAdminAdded = DomainEvent<
  'SchoolAdminAdded',
  { schoolId: string; userId: string }
>;
export type SchoolAdminRemoved = DomainEvent<
  'SchoolAdminRemoved',
  { schoolId: string; userId: string }
>;

export type SchoolEvent = SchoolCreated | SchoolAdminAdded | SchoolAdminRemoved;
