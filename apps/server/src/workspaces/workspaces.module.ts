import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import {
  EventLogDocumentPersistence,
  EventLogPresence,
  WorkspaceAuthorizer,
} from './workspace-collab.adapters.js';
import { WorkspaceCollab } from './workspace-collab.js';

@Module({
  imports: [IdentityModule, ClassroomsModule],
  providers: [WorkspaceAuthorizer, EventLogDocumentPersistence, EventLogPresence, WorkspaceCollab],
  exports: [WorkspaceCollab],
})
export class WorkspacesModule {}
