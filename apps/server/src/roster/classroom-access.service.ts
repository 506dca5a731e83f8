import { Inject, Injectable } from '@nestjs/common';
import type { ClassroomPermission, ClassroomRole } from '@commonplace/domain';
import { CLASSROOM_ROLES, can } from '@commonplace/domain';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';

/** What a refusal says, per permission: what the caller could not do and who can. */
const REFUSALS: Record<ClassroomPermission, string> = {
  'classroom.view': 'Only members of this classroom can see it.',
  'classroom.manage-roster': 'Only the classroom’s teachers can change its roster.',
  'classroom.own': 'Only the teacher who owns this classroom can do that.',
  'groups.manage': 'Only the classroom’s teachers can change its groups.',
  'projects.manage': 'Only the classroom’s teachers can set and change projects.',
  'projects.view': 'Only members of this classroom can see its projects.',
  'projects.work': 'Only students of this classroom can work on its projects.',
  'projects.assess': 'Only the classroom’s teachers can assess work.',
  'workspaces.observe': 'Only the classroom’s teachers can open other groups’ work.',
  'activity.view-board': 'Only the classroom’s teachers can see the live board.',
  'activity.view-own': 'Only the student and their guardians can see this progress.',
  'journal.read': 'Only the student and their teachers can read this journal.',
  'tutoring.tutor': 'Only teachers and peer tutors can tutor.',
  'tutoring.request-help': 'Only students can ask for help here.',
  'inquiry.participate': 'Only the classroom’s members can take part.',
  'school.reports': 'Only school administrators can see school reports.',
};

/**
 * Who someone is in a classroom, from the roster read model, checked against
 * the domain's one permission table. Every endpoint and socket room asks here.
 */
@Injectable()
export class ClassroomAccess {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlDatabase) {}

  async rolesOf(classroomId: string, userId: string): Promise<ClassroomRole[]> {
    const rows = await this.db.query<{ role: ClassroomRole }>(
      `SELECT 'teacher' AS role FROM rm_classrooms WHERE id = $1 AND teacher_id = $2
       UNION ALL
       SELECT 'student' AS role FROM rm_classroom_students WHERE classroom_id = $1 AND student_id = $2
       UNION ALL
       SELECT role FROM rm_memberships WHERE classroom_id = $1 AND user_id = $2
         AND (access_until IS NULL OR access_until > now())
       UNION ALL
       SELECT 'school-admin' AS role FROM rm_classrooms c
         JOIN rm_school_admins a ON a.school_id = c.school_id WHERE c.id = $1 AND a.user_id = $2`,
      [classroomId, userId],
    );
    const held = new Set(rows.map((r) => r.role));
    return CLASSROOM_ROLES.filter((role) => held.has(role));
  }

  /**
   * The caller's roles if they hold the permission. Someone with no role at
   * all is told the classroom is not found, so ids reveal nothing to strangers.
   */
  async require(
    classroomId: string,
    userId: string,
    permission: ClassroomPermission,
  ): Promise<ClassroomRole[]> {
    const roles = await this.rolesOf(classroomId, userId);
    if (roles.length === 0) {
      throw new AppError('classroom.not-found', 'This classroom does not exist or is not yours.');
    }
    this.check(roles, permission);
    return roles;
  }

  /** Refuses, saying who may, unless one of `roles` holds the permission. */
  check(roles: readonly ClassroomRole[], permission: ClassroomPermission): void {
    if (!can(roles, permission)) throw new AppError('auth.forbidden', REFUSALS[permission]);
  }

  /** The student's group in the classroom now, if any. */
  async groupOf(classroomId: string, studentId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ group_id: string }>(
      'SELECT group_id FROM rm_group_members WHERE classroom_id = $1 AND student_id = $2',
      [classroomId, studentId],
    );
    return row?.group_id;
  }

  /** Is the user a guardian of this student (in any classroom)? */
  async isGuardianOf(userId: string, studentId: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM rm_guardianships WHERE guardian_id = $1 AND student_id = $2',
      [userId, studentId],
    );
    return rows.length > 0;
  }
}

/** The one role a summary shows first: the most responsible one held. */
export function mainRole(roles: readonly ClassroomRole[]): ClassroomRole {
  return roles[0] ?? 'student';
}
