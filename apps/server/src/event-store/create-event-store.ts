import { migrate } from '../database/migrations.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { SqlEventStoreOptions } from './sql-event-store.js';
import { EVENT_STORE_MIGRATIONS, SqlEventStore } from './sql-event-store.js';

/** The event store over an SQL database (PGlite or PostgreSQL), its tables created or brought up to date first. */
export async function createSqlEventStore(
  db: SqlDatabase,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  await migrate(db, EVENT_STORE_MIGRATIONS);
  const store = new SqlEventStore(db, options);
  await store.listenAcrossInstances();
  return store;
}
