import type { SqlDatabase } from '../database/sql-database.js';
import { withUpcasting } from '../event-store/event-upcasters.js';
import { SqlEventStore } from '../event-store/sql-event-store.js';
import type { Projection } from './projection.js';
import { rebuildProjection } from './projection-rebuild.js';

/**
 * The rebuild `npm run cli -- projections rebuild` runs (`rebuildProjection`,
 * reading the log through the upcasters), on a database already open: tests
 * keep the embedded store in memory instead of reopening a data folder from
 * disk for every rebuild. The CLI itself on a data folder is cli.int-spec.ts.
 */
export async function rebuildInPlace(
  db: SqlDatabase,
  projection: Projection,
  batchSize?: number,
): Promise<void> {
  await rebuildProjection({
    eventStore: withUpcasting(new SqlEventStore(db)),
    db,
    projection,
    ...(batchSize === undefined ? {} : { batchSize }),
  });
}
