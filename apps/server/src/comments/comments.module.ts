import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { CommentsController } from './comments.controller.js';
import { CommentQueries } from './comments.queries.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, WorkspacesModule, PersonalDataModule],
  controllers: [CommentsController],
  providers: [CommentsService, CommentQueries],
})
export class CommentsModule {}
