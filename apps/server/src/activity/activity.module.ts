import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { TutoringModule } from '../tutoring/tutoring.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { ActivityController } from './activity.controller.js';
import { ActivityQueries } from './activity.queries.js';
import { BoardController } from './board.controller.js';
import { BoardPublisher } from './board-publisher.js';
import { BoardQueries } from './board.queries.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, ProjectsModule, TutoringModule, WorkspacesModule],
  controllers: [BoardController, ActivityController],
  providers: [LiveGateway, ActivityQueries, BoardQueries, BoardPublisher],
  exports: [ActivityQueries, BoardQueries, BoardPublisher],
})
export class LiveModule {}
