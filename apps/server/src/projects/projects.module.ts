import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { LearnerController } from './learner.controller.js';
import { ProjectReader } from './project.reader.js';
import { ProjectScopes } from './project-scopes.registration.js';
import { ProjectController } from './project.controller.js';
import { ProjectQueries } from './project.queries.js';
import { ProjectService } from './project.service.js';
import { StudentOverviewService } from './student-overview.service.js';

@Module({
  imports: [IdentityModule, RosterModule, DocumentsModule],
  controllers: [ProjectController, LearnerController],
  providers: [ProjectQueries, ProjectReader, ProjectScopes, ProjectService, StudentOverviewService],
  exports: [ProjectQueries, ProjectReader, ProjectService, StudentOverviewService],
})
export class ProjectsModule {}
