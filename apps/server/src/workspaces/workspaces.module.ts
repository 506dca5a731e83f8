import { Module } from '@nestjs/common';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DocumentHistoryController } from './document-history.controller.js';
import { DocumentHistory } from './document-history.service.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { WorkspaceAccessWatcher } from './workspace-access.watcher.js';
import { EventLogPresence, WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { WorkspaceCollab } from './workspace-collab.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, MetricsModule],
  controllers: [DocumentHistoryController],
  providers: [
    DocumentHistory,
    WorkspaceAuthorizer,
    EventLogDocumentPersistence,
    EventLogPresence,
    WorkspaceCollab,
    WorkspaceAccessWatcher,
  ],
  exports: [WorkspaceCollab],
})
export class WorkspacesModule {}
