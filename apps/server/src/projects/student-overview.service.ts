import { Inject, Injectable } from '@nestjs/common';
import { can } from '@commonplace/domain';
import type { Child, StudentOverview } from '@commonplace/shared';
import { ClassroomAccess } from '../classrooms/classroom-access.js';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Principal } from '../identity/token.service.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { ProjectQueries } from './project.queries.js';

/**
 * A student's projects as their guardians see them: checkpoint progress and
 * the feedback addressed to them, never the live document or classmates' notes.
 */
@Injectable()
export class StudentOverviewService {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly projects: ProjectQueries,
    private readonly identity: IdentityService,
  ) {}

  /** The student themself, their guardians, and the staff of a classroom they are in. */
  async requireViewer(principal: Principal, studentId: string): Promise<void> {
    if (principal.userId === studentId) return;
    if (await this.access.isGuardianOf(principal.userId, studentId)) return;
    const classrooms = await this.db.query<{ classroom_id: string }>(
      'SELECT classroom_id FROM rm_classroom_students WHERE student_id = $1',
      [studentId],
    );
    for (const { classroom_id } of classrooms) {
      const roles = await this.access.rolesOf(classroom_id, principal.userId);
      if (can(roles, 'projects.assess')) return;
    }
    throw new AppError(
      'auth.forbidden',
      'Only the student, their guardians and their teachers can see this progress.',
    );
  }

  async overview(studentId: string): Promise<StudentOverview> {
    const names = await this.identity.displayNames([studentId]);
    const mine = await this.classrooms.myProjects(studentId);
    const viewer = { userId: studentId, staff: false };
    const projects = [];
    for (const p of mine) {
      const progress = await this.projects.progress(p.docId, viewer);
      projects.push({
        projectId: p.projectId,
        title: p.title,
        classroomId: p.classroomId,
        docId: p.docId,
        locked: progress.locked,
        checkpoints: progress.checkpoints,
        submissions: progress.submissions.length,
        lastSubmittedAt: progress.submissions[0]?.submittedAt ?? null,
        feedback: progress.submissions.flatMap((s) => s.feedback),
      });
    }
    return { studentId, displayName: names.get(studentId) ?? 'Former student', projects };
  }

  async children(guardianId: string): Promise<Child[]> {
    const rows = await this.db.query<{
      student_id: string;
      classroom_id: string;
      classroom_name: string;
    }>(
      `SELECT g.student_id, g.classroom_id, c.name AS classroom_name FROM rm_guardianships g
       JOIN rm_classrooms c ON c.id = g.classroom_id
       JOIN rm_memberships m ON m.classroom_id = g.classroom_id AND m.user_id = g.guardian_id AND m.role = 'guardian'
       WHERE g.guardian_id = $1 ORDER BY c.name, g.student_id`,
      [guardianId],
    );
    const names = await this.identity.displayNames(rows.map((r) => r.student_id));
    return rows.map((r) => ({
      studentId: r.student_id,
      displayName: names.get(r.student_id) ?? 'Former student',
      classroomId: r.classroom_id,
      classroomName: r.classroom_name,
    }));
  }
}
