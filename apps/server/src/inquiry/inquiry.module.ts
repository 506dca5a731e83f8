import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { InquiryController } from './inquiry.controller.js';
import { InquiryGateway } from './inquiry.gateway.js';
import { InquiryService } from './inquiry.service.js';
import { MentorController, MentorSignInController } from './mentor.controller.js';
import { MentorExpiryScheduler } from './mentor-expiry.scheduler.js';
import { MentorService } from './mentor.service.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, WorkspacesModule],
  controllers: [InquiryController, MentorController, MentorSignInController],
  providers: [InquiryService, MentorService, InquiryGateway, MentorExpiryScheduler],
})
export class InquiryModule {}
