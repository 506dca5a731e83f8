import { Logger, Module } from '@nestjs/common';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { RosterModule } from '../roster/roster.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { DocumentHistoryController } from './document-history.controller.js';
import { DocumentHistory } from './document-history.service.js';
import { DocumentFlusher } from './document.flusher.js';
import { DocumentGroupWriter } from './document-group.writer.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { ProjectLockReader } from './project-lock.reader.js';
import { ClassroomQueries } from '../roster/classroom.queries.js';
import { EVENT_STORE } from '../store/store.tokens.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { DocumentAccessRule } from './document-access.rule.js';
import { DocumentAccessWatcher } from './document-access.watcher.js';
import { DocumentKinds, WORKSPACE_ACCESS_RULES } from './document-kinds.registry.js';
import {
  classroomMemberRule,
  projectLockRule,
  rosterRemovalRule,
  schoolAdminRule,
} from './workspace-access.rules.js';
import { EventLogPresence, WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

@Module({
  imports: [IdentityModule, RosterModule, MetricsModule, PersonalDataModule],
  controllers: [DocumentHistoryController],
  providers: [
    DocumentHistory,
    WorkspaceAuthorizer,
    {
      // One group commit for every document this instance stores, woken projections included.
      provide: DocumentGroupWriter,
      inject: [EVENT_STORE, ProjectionRunner],
      useFactory: (store: EventStore, projections: ProjectionRunner): DocumentGroupWriter =>
        new DocumentGroupWriter(store, { projections }),
    },
    EventLogDocumentPersistence,
    EventLogPresence,
    WorkspaceCollab,
    ProjectLockReader,
    DocumentAccessWatcher,
    DocumentKinds,
    {
      // The workspaces' own rules; tutoring and inquiry register theirs with DocumentKinds.
      provide: WORKSPACE_ACCESS_RULES,
      inject: [ClassroomQueries, ProjectLockReader],
      useFactory: (queries: ClassroomQueries, locks: ProjectLockReader): DocumentAccessRule[] => [
        rosterRemovalRule(queries),
        classroomMemberRule(queries),
        schoolAdminRule(queries),
        projectLockRule(locks),
      ],
    },
    DocumentFlusher,
    {
      provide: DOCUMENT_RELAY,
      inject: [CONFIG],
      useFactory: (config: Config): Promise<RedisDocumentRelay | null> =>
        config.REDIS_URL
          ? RedisDocumentRelay.connect({ url: config.REDIS_URL, logger: new Logger('CollabRelay') })
          : Promise.resolve(null),
    },
  ],
  exports: [WorkspaceCollab, DocumentFlusher, DOCUMENT_RELAY, DocumentKinds, DocumentAccessWatcher],
})
export class DocumentsModule {}
