import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { CommentsController } from './comments.controller.js';
import { CommentQueries } from './comments.queries.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [IdentityModule, RosterModule, DocumentsModule, PersonalDataModule],
  controllers: [CommentsController],
  providers: [CommentsService, CommentQueries],
})
export class CommentsModule {}
