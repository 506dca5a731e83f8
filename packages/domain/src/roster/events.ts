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

export type RosterEvent =
  | ClassroomCreated
  | StudentJoinedClassroom
  | GroupCreated
  | StudentAddedToGroup
  | StudentRemovedFromGroup;
