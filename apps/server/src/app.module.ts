import type { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';
import { RosterModule } from './roster/roster.module.js';
import { CommentsModule } from './comments/comments.module.js';
import type { Config } from './config/config.js';
import { CONFIG } from './config/config.js';
import { DemoModule } from './demo/demo.module.js';
import { FamiliesModule } from './families/families.module.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { InquiryModule } from './inquiry/inquiry.module.js';
import { ActivityModule } from './activity/activity.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import { ProjectsModule } from './projects/projects.module.js';
import { TutoringModule } from './tutoring/tutoring.module.js';
import type { Store } from './store/open-store.js';
import { EVENT_STORE, SESSION_KEY, SQL_DATABASE } from './store/store.tokens.js';
import { DocumentsModule } from './documents/documents.module.js';

/**
 * The store is opened before Nest starts (it decides whether the process may
 * run at all: folder lock, migrations) and closed after Nest stops, so its
 * lifetime brackets every module that uses it.
 */
@Global()
@Module({})
class StoreModule {
  static of(config: Config, store: Store): DynamicModule {
    return {
      module: StoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: SQL_DATABASE, useValue: store.db },
        { provide: EVENT_STORE, useValue: store.events },
        { provide: SESSION_KEY, useValue: store.sessionKey },
        { provide: ProjectionRunner, useValue: store.projections },
      ],
      exports: [CONFIG, SQL_DATABASE, EVENT_STORE, SESSION_KEY, ProjectionRunner],
    };
  }
}

@Module({})
export class AppModule {
  static of(config: Config, store: Store): DynamicModule {
    return {
      module: AppModule,
      imports: [
        StoreModule.of(config, store),
        IdentityModule,
        RosterModule,
        ProjectsModule,
        TutoringModule,
        FamiliesModule,
        InquiryModule,
        DocumentsModule,
        CommentsModule,
        ActivityModule,
        NotificationsModule,
        MetricsModule,
        PersonalDataModule,
        DemoModule,
      ],
      controllers: [HealthController],
    };
  }
}
