import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LiveModule } from '../live/live.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { FamiliesController } from './families.controller.js';
import { FamiliesService } from './families.service.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, ProjectsModule, LiveModule],
  controllers: [FamiliesController],
  providers: [FamiliesService],
})
export class FamiliesModule {}
