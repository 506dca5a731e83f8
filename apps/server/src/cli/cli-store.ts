import type { Config } from '../config/config.js';
import { FolderLockedError } from '../database/folder-lock.js';
import { PgliteDatabase } from '../database/pglite-database.js';
import { PostgresDatabase } from '../database/postgres-database.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { withUpcasting } from '../event-store/event-upcasters.js';
import { createKurrentDbEventStore } from '../event-store/kurrentdb-event-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/projection-runner.js';

/** A refusal the person running the command can act on: printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2: the command line was wrong; 1: anything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** What the commands work on: the server's own store, opened the way the server opens it. */
export interface CliStore {
  readonly db: SqlDatabase;
  readonly events: EventStore;
  /** Not started: the CLI never follows the log, it only reads and rebuilds. */
  readonly projections: ProjectionRunner;
  close(): Promise<void>;
}

const quiet = { log: () => undefined, error: () => undefined };

export async function openCliStore(
  config: Config,
  projections: readonly Projection[],
): Promise<CliStore> {
  const db = config.DATABASE_URL
    ? new PostgresDatabase({
        connectionString: config.DATABASE_URL,
        applicationName: 'commonplace-cli',
        max: 2,
      })
    : await openPglite(config.DATA_DIR);
  let events: EventStore | undefined;
  try {
    events = config.KURRENTDB_URL
      ? createKurrentDbEventStore(config.KURRENTDB_URL, { logger: quiet })
      : await createSqlEventStore(db);
    if (!(await events.ping()))
      throw new CliError(
        'The event store does not answer. Check KURRENTDB_URL / DATABASE_URL and that the database is running.',
      );
    const served = withUpcasting(events);
    const runner = new ProjectionRunner({ eventStore: served, db, projections, logger: quiet });
    const opened = events;
    return {
      db,
      events: served,
      projections: runner,
      async close() {
        await opened.close();
        await db.close();
      },
    };
  } catch (error) {
    await events?.close().catch(() => undefined);
    await db.close();
    throw error;
  }
}

/**
 * PGlite is one process's: while the server runs, its folder is locked and
 * the CLI cannot open it. We say so rather than reach into the running
 * server, which keeps the server free of an admin write endpoint.
 */
async function openPglite(dataDir: string): Promise<PgliteDatabase> {
  try {
    return await PgliteDatabase.open(dataDir);
  } catch (error) {
    if (error instanceof FolderLockedError)
      throw new CliError(
        `The data folder ${error.folder} is in use by a running Commonplace server (pid ${error.pid}). ` +
          'The embedded store (PGlite) can be opened by one process at a time: stop the server (Ctrl+C in its terminal, ' +
          `or kill ${error.pid}), run this command again, then start the server. ` +
          'With PostgreSQL (DATABASE_URL) this command runs beside the servers, which keep serving the old read model until the new one is swapped in.',
      );
    throw error;
  }
}
