import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CommandHandler } from '../commands/command.handler.js';
import { IdentityModule } from '../identity/identity.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { ClassroomAccess } from './classroom-access.service.js';
import { ClassroomScopes } from './classroom-scopes.registry.js';
import { ClassroomController } from './classroom.controller.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';
import { InviteController } from './invite.controller.js';
import { InviteService } from './invite.service.js';
import { RouteGuard } from './route.guard.js';
import { SchoolController } from './school.controller.js';
import { SchoolService } from './school.service.js';

@Module({
  imports: [IdentityModule, PersonalDataModule],
  controllers: [ClassroomController, InviteController, SchoolController],
  providers: [
    CommandHandler,
    ClassroomAccess,
    ClassroomScopes,
    // Every HTTP route of the app passes it: see RouteGuard.
    { provide: APP_GUARD, useClass: RouteGuard },
    ClassroomQueries,
    ClassroomService,
    InviteService,
    SchoolService,
  ],
  exports: [ClassroomAccess, ClassroomScopes, ClassroomQueries, ClassroomService, CommandHandler],
})
export class RosterModule {}
