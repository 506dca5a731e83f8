import { Logger } from '@nestjs/common';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config.js';
import { migrate } from '../database/migrations.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import { PostgresDatabase } from '../database/postgres-database.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import { withUpcasting } from '../event-store/event-upcasters.js';
import { createKurrentDbEventStore } from '../event-store/kurrentdb-event-store.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import type { Migration } from '../database/migrations.js';
import type { SessionKey } from './session-key.js';
import { loadSessionKey } from './session-key.js';

/**
 * What the features register with the store: their projections (each read
 * model's owner) and the tables they keep outside the log. The store knows no
 * feature; the composition root (`app.features.ts`) lists them.
 */
export interface StoreFeatures {
  readonly projections: readonly Projection[];
  readonly migrations: readonly Migration[];
}

/** Everything persistent the server stands on, opened before Nest starts and closed after it stops. */
export interface Store {
  readonly db: SqlDatabase;
  readonly events: EventStore;
  readonly projections: ProjectionRunner;
  readonly sessionKey: SessionKey;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly features: StoreFeatures;
  /**
   * A database already open (tests: one booted in-memory PGlite kept across
   * restarts of the app), used instead of DATABASE_URL or DATA_DIR. The store's
   * close() closes it, unless it was made not to close what it wraps.
   */
  readonly database?: SqlDatabase;
  /** How often the projections look at the log with no append heard (tests lengthen it to show nothing waits on it). */
  readonly projectionPollMs?: number;
}

export async function openStore(config: Config, options: OpenStoreOptions): Promise<Store> {
  const logger = new Logger('Store');
  const db =
    options.database ??
    (config.DATABASE_URL
      ? new PostgresDatabase({ connectionString: config.DATABASE_URL })
      : await PgliteDatabase.open(config.DATA_DIR));
  try {
    await migrate(db, options.features.migrations);
    // Read through the upcasters: old event versions come out current, unknown ones fail loudly.
    const events: EventStore = withUpcasting(
      config.KURRENTDB_URL
        ? await openKurrentDb(config.KURRENTDB_URL, logger)
        : await createSqlEventStore(db, { logger }),
    );
    const projections = new ProjectionRunner({
      eventStore: events,
      db,
      projections: options.features.projections,
      logger,
      fallbackPollMs: options.projectionPollMs,
    });
    const sessionKey = await loadSessionKey(config);
    const readModels = options.database
      ? `the database given (${options.database.kind})`
      : config.DATABASE_URL
        ? `PostgreSQL (${redact(config.DATABASE_URL)})`
        : `the embedded store (PGlite) at ${config.DATA_DIR}`;
    logger.log(
      config.KURRENTDB_URL
        ? `Events in KurrentDB (${redact(config.KURRENTDB_URL)}); read models in ${readModels}.`
        : `Events and read models in ${readModels}.`,
    );
    if (config.REDIS_URL) {
      logger.log(
        `Documents and live boards are shared with other instances through Redis (${redact(config.REDIS_URL)}).`,
      );
    }
    return {
      db,
      events,
      projections,
      sessionKey,
      async close() {
        await projections.stop();
        await events.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Fails start-up with a clear message if the configured KurrentDB does not answer. */
async function openKurrentDb(url: string, logger: Logger): Promise<EventStore> {
  const store = createKurrentDbEventStore(url, { logger });
  if (!(await store.ping())) {
    await store.close();
    throw new ConfigError([
      `KURRENTDB_URL: no KurrentDB answered at ${redact(url)}. Start it (docker compose up -d kurrentdb) or unset KURRENTDB_URL to keep events in SQL.`,
    ]);
  }
  return store;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
