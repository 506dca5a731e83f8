import { Injectable } from '@nestjs/common';
import { can } from '@commonplace/domain';
import { ClassroomAccess } from '../roster/classroom-access.service.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { AppError } from '../common/app-error.js';
import type { Principal } from '../identity/token.service.js';
import type { ProjectRow, Viewer, WorkspaceRow } from './project.queries.js';
import { ProjectQueries } from './project.queries.js';

/** Who may read what of a project: checked here once for every read endpoint and socket room. */
@Injectable()
export class ProjectReader {
  constructor(
    private readonly access: ClassroomAccess,
    private readonly classrooms: ClassroomQueries,
    private readonly queries: ProjectQueries,
  ) {}

  async project(
    principal: Principal,
    projectId: string,
  ): Promise<{ project: ProjectRow; viewer: Viewer }> {
    const project = await this.queries.projectRow(projectId);
    const roles = await this.access.rolesOf(project.classroomId, principal.userId);
    if (roles.length === 0) {
      throw new AppError('project.not-found', 'This project does not exist or is not yours.');
    }
    if (!can(roles, 'projects.view')) {
      throw new AppError('auth.forbidden', 'Only members of this classroom can see its projects.');
    }
    return {
      project,
      viewer: { userId: principal.userId, staff: can(roles, 'workspaces.observe') },
    };
  }

  /** Members of the workspace and the classroom's staff; anyone else is told it does not exist. */
  async workspace(
    principal: Principal,
    docId: string,
  ): Promise<{ workspace: WorkspaceRow; viewer: Viewer }> {
    const workspace = await this.queries.workspaceRow(docId);
    const decision = await this.classrooms.workspaceAccess(docId, principal.userId);
    if ('refused' in decision) {
      throw new AppError(
        'workspace.not-found',
        'This workspace does not exist or you are not in its group.',
      );
    }
    const roles = await this.access.rolesOf(workspace.classroomId, principal.userId);
    return {
      workspace,
      viewer: { userId: principal.userId, staff: can(roles, 'workspaces.observe') },
    };
  }

  /**
   * Whose journal or goals: the student's own, or any student's for the
   * classroom's teachers. Returns the student id to read.
   */
  async learner(
    principal: Principal,
    projectId: string,
    studentId: string | undefined,
  ): Promise<{ project: ProjectRow; studentId: string }> {
    const project = await this.queries.projectRow(projectId);
    const roles = await this.access.require(project.classroomId, principal.userId, 'journal.read');
    const subject = studentId ?? principal.userId;
    if (subject !== principal.userId && !can(roles, 'projects.assess')) {
      throw new AppError(
        'auth.forbidden',
        'Only the student and their teachers can read this journal and these goals.',
      );
    }
    return { project, studentId: subject };
  }
}
