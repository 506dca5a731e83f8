import { describe } from '@jest/globals';
import { eventStoreConformance } from '../testing/event-store-conformance.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

describe('InMemoryEventStore', () => {
  // The log lives in memory; the suite's projection runner still needs SQL for its read models.
  const databases = pgliteTestDatabases();
  eventStoreConformance(async () => {
    const db = await databases.create();
    const store = new InMemoryEventStore();
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
