import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { InquiryBoardAccessReader } from './inquiry-board-access.reader.js';
import { InquiryDocumentsRegistration } from './inquiry-documents.registration.js';
import { InquiryPersonalData } from './inquiry-personal-data.service.js';
import { InquiryController } from './inquiry.controller.js';
import { InquiryGateway } from './inquiry.gateway.js';
import { InquiryQueries } from './inquiry.queries.js';
import { InquiryService } from './inquiry.service.js';
import { MentorController } from './mentor.controller.js';
import { MentorExpiryScheduler } from './mentor-expiry.scheduler.js';
import { MentorService } from './mentor.service.js';

@Module({
  imports: [IdentityModule, RosterModule, DocumentsModule, PersonalDataModule],
  controllers: [InquiryController, MentorController],
  providers: [
    InquiryService,
    MentorService,
    InquiryGateway,
    MentorExpiryScheduler,
    InquiryPersonalData,
    InquiryBoardAccessReader,
    InquiryDocumentsRegistration,
    InquiryQueries,
  ],
  exports: [InquiryQueries],
})
export class InquiryModule {}
