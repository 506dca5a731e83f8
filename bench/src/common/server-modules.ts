/**
 * Commonplace's server code, imported from the BUILT server (the package's
 * `dist/*` export), exactly as production runs it: the bench build builds the
 * server first.
 */
export { createSqlEventStore } from '@commonplace/server/dist/event-store/create-event-store.js';
export type { SqlEventStore } from '@commonplace/server/dist/event-store/sql-event-store.js';
export type {
  EventStore,
  NewEvent,
  RecordedEvent,
} from '@commonplace/server/dist/event-store/event-store.port.js';
export { PostgresDatabase } from '@commonplace/server/dist/database/postgres-database.js';
export { PgliteDatabase } from '@commonplace/server/dist/database/pglite-database.js';
export type { SqlDatabase, SqlExecutor } from '@commonplace/server/dist/database/sql-database.js';
export { ProjectionRunner } from '@commonplace/server/dist/projections/projection-runner.js';
export { rebuildProjection } from '@commonplace/server/dist/projections/projection-rebuild.js';
export type { Projection } from '@commonplace/server/dist/projections/projection.js';
