import { describe, expect, it } from '@jest/globals';
import { migrate } from '../database/migrations.js';
import { eventStoreConformance } from '../testing/event-store-conformance.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { newEvent } from '../testing/event-store-conformance.js';
import { createSqlEventStore } from './create-event-store.js';
import { EVENT_STORE_MIGRATIONS } from './sql-event-store.js';

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

describe('SqlEventStore upgrading a log written before concurrent appends', () => {
  const databases = pgliteTestDatabases();

  it('keeps every earlier event readable and continues positions and revisions after them', async () => {
    const db = await databases.create();
    try {
      const [first] = EVENT_STORE_MIGRATIONS;
      if (!first) throw new Error('no first migration');
      await migrate(db, [first]);
      // Rows as the serialized-append version wrote them.
      await db.query(
        `INSERT INTO events (position, stream_name, revision, event_id, type, data)
         VALUES (1, 'old', 0, '00000000-0000-4000-8000-000000000001', 'Old', '{"n":0}'),
                (2, 'old', 1, '00000000-0000-4000-8000-000000000002', 'Old', '{"n":1}')`,
      );
      await db.query(`INSERT INTO streams (stream_name, revision) VALUES ('old', 1)`);

      const store = await createSqlEventStore(db);
      expect((await store.readAll()).map((e) => [e.position, e.revision])).toEqual([
        [1, 0],
        [2, 1],
      ]);
      expect(await store.headPosition()).toBe(2);
      await expect(
        store.appendToStream('old', [newEvent('New')], { expectedRevision: 1 }),
      ).resolves.toEqual({ nextExpectedRevision: 2, position: 3 });
      await store.close();
    } finally {
      await db.close();
    }
  });
});
