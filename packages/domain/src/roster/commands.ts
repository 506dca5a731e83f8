import type { Command } from '../common/decider.js';

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

export type RosterCommand = CreateClassroom | JoinClassroom | CreateGroup | AddStudentToGroup;
