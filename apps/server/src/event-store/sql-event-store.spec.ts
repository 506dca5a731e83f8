import { describe } from '@jest/globals';
import { eventStoreConformance } from '../testing/event-store-conformance.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { createSqlEventStore } from './create-event-store.js';

describe('SqlEventStore on PGlite (in memory)', () => {
  const databases = pgliteTestDatabases();
  eventStoreConformance(async () => {
    const db = await databases.create();
    const store = await createSqlEventStore(db);
    return {
      store,
      db,
      async dispose() {
        await store.close();
        await db.close();
      },
    };
  });
});
