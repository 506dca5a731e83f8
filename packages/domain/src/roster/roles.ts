import type { ClassroomState } from './roster.decider.js';

/**
 * Who someone is in one classroom. A person can hold several roles at once
 * (a student who is also a peer tutor; a school admin who also teaches).
 */
export const CLASSROOM_ROLES = [
  'teacher',
  'co-teacher',
  'student',
  'peer-tutor',
  'mentor',
  'guardian',
  'school-admin',
] as const;

export type ClassroomRole = (typeof CLASSROOM_ROLES)[number];

/**
 * What a role may do, per classroom. The server checks one of these on every
 * endpoint, socket room and document; keeping the table here means the
 * authorization matrix test and the checks read the same source.
 * Finer rules (a student only in their own group's workspace, a guardian only
 * for their own child) are relationships, checked by the deciders and by
 * `workspaceAccess`.
 */
export const CLASSROOM_PERMISSIONS = {
  /** See the classroom's name, groups and members. */
  'classroom.view': ['teacher', 'co-teacher', 'student', 'peer-tutor', 'school-admin'],
  /** Create student accounts, reset secrets, invite guardians and mentors, designate tutors. */
  'classroom.manage-roster': ['teacher', 'co-teacher'],
  /** Invite co-teachers and attach the classroom to a school. */
  'classroom.own': ['teacher'],
  'groups.manage': ['teacher', 'co-teacher'],
  /** Create projects, edit the brief, checkpoints and rubric, lock for assessment. */
  'projects.manage': ['teacher', 'co-teacher'],
  /** See a project's brief and checkpoints. */
  'projects.view': ['teacher', 'co-teacher', 'student', 'peer-tutor', 'guardian', 'school-admin'],
  /** Mark checkpoints, submit, respond to feedback: in their own workspace only. */
  'projects.work': ['student', 'peer-tutor'],
  /** Confirm or reopen checkpoints, give feedback and rubric scores, return for revision. */
  'projects.assess': ['teacher', 'co-teacher'],
  /** Read any workspace of the classroom (read-only for non-members). */
  'workspaces.observe': ['teacher', 'co-teacher', 'school-admin'],
  /** The live board with signals for every student. */
  'activity.view-board': ['teacher', 'co-teacher'],
  /** Progress and feedback of their own child (guardian) or of themselves (student). */
  'activity.view-own': ['student', 'peer-tutor', 'guardian'],
  /** Read a student's reflection journal: the student themself and their teachers. */
  'journal.read': ['teacher', 'co-teacher', 'student', 'peer-tutor'],
  /** Claim help requests and run tutoring sessions. */
  'tutoring.tutor': ['teacher', 'co-teacher', 'peer-tutor'],
  'tutoring.request-help': ['student', 'peer-tutor'],
  /** Take part in the classroom's shared inquiry spaces, always where the teacher can see. */
  'inquiry.participate': ['teacher', 'co-teacher', 'student', 'peer-tutor', 'mentor'],
  /** Reports across the school's classrooms. */
  'school.reports': ['school-admin'],
} as const satisfies Record<string, readonly ClassroomRole[]>;

export type ClassroomPermission = keyof typeof CLASSROOM_PERMISSIONS;

export function can(roles: Iterable<ClassroomRole>, permission: ClassroomPermission): boolean {
  const allowed: readonly ClassroomRole[] = CLASSROOM_PERMISSIONS[permission];
  for (const role of roles) if (allowed.includes(role)) return true;
  return false;
}

/**
 * Everyone's roles in a classroom, from its folded state. School admins live on
 * the school's stream, so the caller passes them in when the classroom has a
 * school. Pass `now` to drop a mentor whose time-limited access has ended.
 */
export function rolesIn(
  state: ClassroomState,
  userId: string,
  schoolAdmins: ReadonlySet<string> = new Set(),
  now?: string,
): ClassroomRole[] {
  if (state.status === 'absent') return [];
  const roles: ClassroomRole[] = [];
  if (state.teacherId === userId) roles.push('teacher');
  if (state.coTeachers.has(userId)) roles.push('co-teacher');
  if (state.students.has(userId)) roles.push('student');
  if (state.peerTutors.has(userId)) roles.push('peer-tutor');
  if (state.mentors.has(userId)) {
    const until = state.mentors.get(userId);
    const ended = until !== undefined && now !== undefined && Date.parse(now) >= Date.parse(until);
    if (!ended) roles.push('mentor');
  }
  if (state.guardians.has(userId)) roles.push('guardian');
  if (state.schoolId !== undefined && schoolAdmins.has(userId)) roles.push('school-admin');
  return roles;
}

export type WorkspaceAccess = 'read-write' | 'read-only' | 'none';

/**
 * What a connection to a workspace document may do. Members write unless the
 * project is locked for assessment; staff and school admins observe; everyone
 * else is refused. Guardians see their child's submitted work through the
 * API, not the live document.
 */
export function workspaceAccess(input: {
  readonly roles: readonly ClassroomRole[];
  /** In the workspace's group, or the student an individual workspace belongs to. */
  readonly isWorkspaceMember: boolean;
  readonly locked: boolean;
}): WorkspaceAccess {
  const isLearner = input.roles.includes('student') || input.roles.includes('peer-tutor');
  if (isLearner && input.isWorkspaceMember) return input.locked ? 'read-only' : 'read-write';
  if (can(input.roles, 'workspaces.observe')) return 'read-only';
  return 'none';
}
