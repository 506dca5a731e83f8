import { Injectable } from '@nestjs/common';
import { can } from '@commonplace/domain';
import type { Child, StudentOverview } from '@commonplace/shared';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Principal } from '../identity/token.service.js';
import { ProjectQueries } from './project.queries.js';

/**
 * A student's projects as their guardians see them: checkpoint progress and
 * the feedback addressed to them, never the live document or classmates' notes.
 */
@Injectable()
export class StudentOverviewService {
  constructor(
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly projects: ProjectQueries,
    private readonly identity: IdentityService,
  ) {}

  /** The student themself, their guardians, and the staff of a classroom they are in. */
  async requireViewer(principal: Principal, studentId: string): Promise<void> {
    if (principal.userId === studentId) return;
    if (await this.access.isGuardianOf(principal.userId, studentId)) return;
    for (const classroomId of await this.classrooms.classroomsOfStudent(studentId)) {
      const roles = await this.access.rolesOf(classroomId, principal.userId);
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
    const rows = await this.classrooms.childrenOf(guardianId);
    const names = await this.identity.displayNames(rows.map((r) => r.studentId));
    return rows.map((r) => ({
      ...r,
      displayName: names.get(r.studentId) ?? 'Former student',
    }));
  }
}
