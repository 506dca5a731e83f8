import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { LearnerController } from './learner.controller.js';
import { ProjectReader } from './project-reader.js';
import { ProjectScopes } from './project-scopes.js';
import { ProjectController } from './project.controller.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';
import { StudentOverviewService } from './student-overview.service.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, WorkspacesModule],
  controllers: [ProjectController, LearnerController],
  providers: [ProjectQueries, ProjectReader, ProjectScopes, ProjectService, StudentOverviewService],
  exports: [ProjectQueries, ProjectReader, ProjectService, StudentOverviewService],
})
export class ProjectsModule {}
