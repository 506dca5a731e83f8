import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ActivityModule } from '../activity/activity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { FamiliesController } from './families.controller.js';
import { FamiliesService } from './families.service.js';
import { GuardianSummaryController } from './guardian-summary.controller.js';
import { MailPublisher } from './mail.publisher.js';
import { GuardianSummaryScheduler } from './guardian-summary.scheduler.js';
import { GuardianSummaryService } from './guardian-summary.service.js';

@Module({
  imports: [IdentityModule, RosterModule, ProjectsModule, ActivityModule, PersonalDataModule],
  controllers: [FamiliesController, GuardianSummaryController],
  providers: [FamiliesService, MailPublisher, GuardianSummaryService, GuardianSummaryScheduler],
})
export class FamiliesModule {}
