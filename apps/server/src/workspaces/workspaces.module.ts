import { Logger, Module } from '@nestjs/common';
import type { Config } from '../config/config.js';
import { CONFIG } from '../config/config.js';
import { RedisDocumentRelay } from '../redis/redis-document.relay.js';
import { ClassroomsModule } from '../classrooms/classrooms.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { TutoringModule } from '../tutoring/tutoring.module.js';
import { InquiryBoardAccessReader } from '../inquiry/inquiry-board-access.reader.js';
import { DocumentHistoryController } from './document-history.controller.js';
import { DocumentHistory } from './document-history.service.js';
import { DocumentFlusher } from './document.flusher.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { ProjectLocks } from './project-lock.reader.js';
import { ClassroomQueries } from '../classrooms/classroom.queries.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { SQL_DATABASE } from '../store/store.tokens.js';
import { inquiryBoardAccessRule } from '../inquiry/inquiry-board-access.rule.js';
import { ScratchpadAccessReader } from '../tutoring/scratchpad-access.reader.js';
import { scratchpadAccessRule, scratchpadMemberRule } from '../tutoring/scratchpad-access.rule.js';
import type { DocumentAccessRule } from './document-access.rule.js';
import { DOCUMENT_ACCESS_RULES, DocumentAccessWatcher } from './document-access.watcher.js';
import {
  classroomMemberRule,
  projectLockRule,
  rosterRemovalRule,
  schoolAdminRule,
} from './workspace-access.rules.js';
import { EventLogPresence, WorkspaceAuthorizer } from './workspace-collab.adapters.js';
import { DOCUMENT_RELAY } from './document-relay.token.js';
import { WorkspaceCollab } from './workspace-collab.js';

@Module({
  imports: [IdentityModule, ClassroomsModule, MetricsModule, TutoringModule, PersonalDataModule],
  controllers: [DocumentHistoryController],
  providers: [
    DocumentHistory,
    WorkspaceAuthorizer,
    InquiryBoardAccessReader,
    EventLogDocumentPersistence,
    EventLogPresence,
    WorkspaceCollab,
    ProjectLocks,
    DocumentAccessWatcher,
    {
      // Each context declares which of its events change access to which documents.
      provide: DOCUMENT_ACCESS_RULES,
      inject: [
        ClassroomQueries,
        SQL_DATABASE,
        ProjectLocks,
        InquiryBoardAccessReader,
        ScratchpadAccessReader,
      ],
      useFactory: (
        queries: ClassroomQueries,
        db: SqlDatabase,
        locks: ProjectLocks,
        boards: InquiryBoardAccessReader,
        scratchpads: ScratchpadAccessReader,
      ): DocumentAccessRule[] => [
        rosterRemovalRule(queries),
        classroomMemberRule(db),
        schoolAdminRule(db),
        projectLockRule(locks),
        inquiryBoardAccessRule(boards),
        scratchpadAccessRule(scratchpads),
        scratchpadMemberRule(scratchpads),
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
  exports: [
    WorkspaceCollab,
    DocumentFlusher,
    DOCUMENT_RELAY,
    InquiryBoardAccessReader,
    DocumentAccessWatcher,
  ],
})
export class WorkspacesModule {}
