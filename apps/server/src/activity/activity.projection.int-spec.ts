import { describe, expect, it } from '@jest/globals';
import type { SqlDatabase } from '../database/sql-database.js';
import { migrate } from '../database/migrations.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import { activityProjection } from './activity.projection.js';

let position = 0;
function recorded(type: string, data: Record<string, unknown>, second: number): RecordedEvent {
  position += 1;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamName: `stream-${type}`,
    type,
    data,
    metadata: {},
    revision: position,
    position,
    recordedAt: new Date(Date.UTC(2026, 10, 23, 9, 0, second)),
  };
}

/** A busy few seconds: two people editing two docs, one coming and going. */
const EVENTS: readonly RecordedEvent[] = [
  recorded('WorkspaceEntered', { docId: 'd1', userId: 'ana' }, 0),
  recorded('DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 5, deleted: 0 }, 1),
  recorded('DocumentUpdated', { docId: 'd1', authorId: 'ben', inserted: 3, deleted: 1 }, 1),
  recorded('DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 2, deleted: 4 }, 2),
  recorded('WorkspaceLeft', { docId: 'd1', userId: 'ana' }, 3),
  recorded('DocumentUpdated', { docId: 'd2', authorId: 'ana', inserted: 7, deleted: 0 }, 3),
  recorded('WorkspaceEntered', { docId: 'd1', userId: 'ana' }, 4),
  recorded('WorkspaceEntered', { docId: 'd2', userId: 'ben' }, 5),
  recorded('WorkspaceLeft', { docId: 'd2', userId: 'ben' }, 6),
];

async function readModel(db: SqlDatabase) {
  return {
    contributions: await db.query(
      `SELECT doc_id, user_id, inserted, deleted, last_edit_at::text FROM rm_contributions ORDER BY doc_id, user_id`,
    ),
    presence: await db.query(
      `SELECT doc_id, user_id, present, last_seen_at::text FROM rm_presence ORDER BY doc_id, user_id`,
    ),
  };
}

async function project(db: SqlDatabase, batched: boolean, events: readonly RecordedEvent[]) {
  await migrate(db, activityProjection.migrations ?? []);
  await db.transaction(async (tx) => {
    if (batched) await activityProjection.applyBatch?.(events, tx);
    else for (const event of events) await activityProjection.apply(event, tx);
  });
}

function suite(open: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>) {
  it('has the same read model applied in one batch as event by event, over rows that already exist', async () => {
    const oneByOne = await open();
    const batched = await open();
    try {
      // Half of it first, so the batch also has to add onto rows already there.
      await project(oneByOne.db, false, EVENTS.slice(0, 3));
      await project(batched.db, false, EVENTS.slice(0, 3));
      await project(oneByOne.db, false, EVENTS.slice(3));
      await project(batched.db, true, EVENTS.slice(3));
      const expected = await readModel(oneByOne.db);
      expect(expected.contributions).toHaveLength(3);
      expect(await readModel(batched.db)).toEqual(expected);
    } finally {
      await oneByOne.dispose();
      await batched.dispose();
    }
  });
}

describe('activity projection (PGlite)', () => {
  const databases = pgliteTestDatabases();
  // One shared PGlite wipes its schema per create(): two databases need two instances' worth of isolation.
  it('sums a batch like single events', async () => {
    const first = await databases.create();
    await project(first, false, EVENTS);
    const oneByOne = await readModel(first);
    const second = await databases.create();
    await project(second, true, EVENTS);
    expect(await readModel(second)).toEqual(oneByOne);
    expect(oneByOne.presence).toEqual([
      expect.objectContaining({ doc_id: 'd1', user_id: 'ana', present: true }),
      expect.objectContaining({ doc_id: 'd2', user_id: 'ben', present: false }),
    ]);
  });
});

await describeWithPostgres('activity projection (PostgreSQL)', () =>
  suite(async () => {
    const database = await createPostgresTestDatabase();
    return { db: database.db, dispose: () => database.dispose() };
  }),
);
