import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { ClassroomScopes } from '../roster/classroom-scopes.registry.js';
import { AppError } from '../common/app-error.js';
import { ProjectQueries } from './project.queries.js';

/** Lets routes check permissions in the classroom of a project (`:projectId`) or workspace (`:docId`). */
@Injectable()
export class ProjectScopes implements OnModuleInit {
  constructor(
    private readonly scopes: ClassroomScopes,
    private readonly queries: ProjectQueries,
  ) {}

  onModuleInit(): void {
    this.scopes.register('project', {
      classroomOf: async (projectId) => (await this.queries.projectRow(projectId)).classroomId,
      hidden: () =>
        new AppError('project.not-found', 'This project does not exist or is not yours.'),
    });
    this.scopes.register('workspace', {
      classroomOf: async (docId) => (await this.queries.workspaceRow(docId)).classroomId,
      hidden: () =>
        new AppError(
          'workspace.not-found',
          'This workspace does not exist or you are not in its group.',
        ),
    });
  }
}
