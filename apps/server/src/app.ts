import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { AppLogger } from './common/app-logger.js';
import { ErrorFilter } from './common/error.filter.js';
import { serveOpenApi } from './common/openapi.js';
import type { Config } from './config/config.js';
import type { SqlDatabase } from './database/sql-database.js';
import { DEMO_PASSWORD, DemoSeed } from './demo/demo.seed.js';
import { GuardianSummaryScheduler } from './families/guardian-summary.scheduler.js';
import { serveUnsubscribePage } from './families/unsubscribe-page.js';
import { MentorExpiryScheduler } from './inquiry/mentor-expiry.scheduler.js';
import { RedisIoAdapter } from './redis/redis-io.adapter.js';
import { FEATURES } from './app.features.js';
import type { Store } from './store/open-store.js';
import { openStore } from './store/open-store.js';
import { applyHttpBasics } from './web/http-basics.js';
import { serveWebApp } from './web/web-app.js';
import { ActivityQueries } from './activity/activity.queries.js';
import { EventLogPresence } from './documents/workspace-collab.adapters.js';
import { WorkspaceCollab } from './documents/workspace-collab.service.js';

const LOG_LEVELS: Record<Config['LOG_LEVEL'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export interface CommonplaceApp {
  readonly nest: NestExpressApplication;
  readonly store: Store;
  /** True when this start seeded the demo classroom into an empty store. */
  readonly seeded: boolean;
  readonly demoPassword: string;
  /** Starts listening on PORT/HOST; resolves with the URL to open. */
  listen(): Promise<string>;
  /** Flushes every open document, stops Nest, then closes the store. */
  close(): Promise<void>;
}

/**
 * One process serves everything on one port: the built web app, the API under
 * /api, socket.io and the Yjs collaboration endpoint.
 */
export async function createApp(
  config: Config,
  /** A database already open, instead of the one DATABASE_URL or DATA_DIR names (tests). */
  options: { database?: SqlDatabase; projectionPollMs?: number } = {},
): Promise<CommonplaceApp> {
  const store = await openStore(config, {
    features: FEATURES,
    database: options.database,
    projectionPollMs: options.projectionPollMs,
  });
  let nest: NestExpressApplication;
  try {
    const logger = new AppLogger(config.LOG_LEVEL === 'debug');
    logger.setLogLevels(LOG_LEVELS[config.LOG_LEVEL]);
    nest = await NestFactory.create<NestExpressApplication>(AppModule.of(config, store), {
      logger,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  nest.setGlobalPrefix('api');
  nest.useGlobalFilters(new ErrorFilter());
  nest.disable('x-powered-by');
  applyHttpBasics(nest);
  serveOpenApi(nest);
  serveUnsubscribePage(nest);
  if (config.WEB_DIST) serveWebApp(nest, config.WEB_DIST);
  // Live-board rooms span instances when they share Redis.
  if (config.REDIS_URL)
    nest.useWebSocketAdapter(await RedisIoAdapter.connect(nest, config.REDIS_URL));
  await nest.init();

  await store.projections.start();
  // Serve once the read models have caught up with the log as it stands: access decided on
  // a lagging read model could refuse someone let in just before a restart, and the first
  // connections would queue for the pool behind the catch-up.
  await store.projections.settle();
  // Start-up readers of the read models: their tables exist from here.
  const activity = nest.get(ActivityQueries);
  await nest.get(EventLogPresence).closeStaleVisits(() => activity.openVisits());
  await nest.get(MentorExpiryScheduler).start();
  nest.get(GuardianSummaryScheduler).start();
  const seeded = config.SEED_DEMO ? await nest.get(DemoSeed).seedIfEmpty() : false;
  const collab = nest.get(WorkspaceCollab);
  await collab.warmUp();
  collab.attach(nest.getHttpServer());

  let closed: Promise<void> | undefined;
  return {
    nest,
    store,
    seeded,
    demoPassword: DEMO_PASSWORD,
    async listen() {
      await nest.listen(config.PORT, config.HOST);
      const address = nest.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
      return `http://${host}:${port}`;
    },
    close() {
      closed ??= (async () => {
        await collab.close();
        await nest.close();
        await store.close();
      })();
      return closed;
    },
  };
}
