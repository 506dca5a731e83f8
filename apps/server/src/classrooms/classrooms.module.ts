import { Module } from '@nestjs/common';
import { CommandHandler } from '../commands/command-handler.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ClassroomController } from './classroom.controller.js';
import { ClassroomQueries } from './classroom.queries.js';
import { ClassroomService } from './classroom.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [ClassroomController],
  providers: [CommandHandler, ClassroomQueries, ClassroomService],
  exports: [ClassroomQueries, ClassroomService],
})
export class ClassroomsModule {}
