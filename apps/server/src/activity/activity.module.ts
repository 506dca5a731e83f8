import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { TutoringModule } from '../tutoring/tutoring.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ActivityController } from './activity.controller.js';
import { ActivityQueries } from './activity.queries.js';
import { BoardController } from './board.controller.js';
import { BoardPublisher } from './board.publisher.js';
import { BoardQueries } from './board.queries.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [IdentityModule, RosterModule, ProjectsModule, TutoringModule, DocumentsModule],
  controllers: [BoardController, ActivityController],
  providers: [LiveGateway, ActivityQueries, BoardQueries, BoardPublisher],
  exports: [ActivityQueries, BoardQueries, BoardPublisher],
})
export class ActivityModule {}
