import { eventStoreConformance } from '../testing/event-store-conformance.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import { createSqlEventStore } from './create-event-store.js';

await describeWithPostgres('SqlEventStore on PostgreSQL', () => {
  eventStoreConformance(async () => {
    const test = await createPostgresTestDatabase();
    const store = await createSqlEventStore(test.db);
    return {
      store,
      db: test.db,
      async dispose() {
        await store.close();
        await test.dispose();
      },
    };
  });
});
