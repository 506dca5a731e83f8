import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ScratchpadAccessReader } from './scratchpad-access.reader.js';
import { TutoringDocumentsRegistration } from './tutoring-documents.registration.js';
import { TutoringController } from './tutoring.controller.js';
import { TutoringGateway } from './tutoring.gateway.js';
import { TutoringQueries } from './tutoring.queries.js';
import { TutoringService } from './tutoring.service.js';

@Module({
  imports: [IdentityModule, RosterModule, PersonalDataModule, DocumentsModule],
  controllers: [TutoringController],
  providers: [
    TutoringService,
    TutoringQueries,
    ScratchpadAccessReader,
    TutoringGateway,
    TutoringDocumentsRegistration,
  ],
  exports: [TutoringService, TutoringQueries, ScratchpadAccessReader],
})
export class TutoringModule {}
