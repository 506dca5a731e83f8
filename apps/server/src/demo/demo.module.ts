import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { DemoSeed } from './demo.seed.js';

@Module({
  imports: [IdentityModule, RosterModule, ProjectsModule],
  providers: [DemoSeed],
  exports: [DemoSeed],
})
export class DemoModule {}
