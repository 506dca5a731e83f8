import { Module } from '@nestjs/common';
import { CommandHandler } from '../commands/command-handler.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { ClassroomAccess } from './classroom-access.js';
import { ClassroomController } from './classroom.controller.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';
import { InviteController } from './invite.controller.js';
import { InviteService } from './invite.service.js';
import { SchoolController } from './school.controller.js';
import { SchoolService } from './school.service.js';

@Module({
  imports: [IdentityModule, PersonalDataModule],
  controllers: [ClassroomController, InviteController, SchoolController],
  providers: [
    CommandHandler,
    ClassroomAccess,
    ClassroomQueries,
    ClassroomService,
    InviteService,
    SchoolService,
  ],
  exports: [ClassroomAccess, ClassroomQueries, ClassroomService, CommandHandler],
})
export class ClassroomsModule {}
