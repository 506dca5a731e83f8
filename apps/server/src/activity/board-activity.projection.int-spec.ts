import { describe, expect, it } from '@jest/globals';
import { migrate } from '../database/migrations.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import { boardActivityProjection } from './board-activity.projection.js';

function recorded(
  position: number,
  type: string,
  data: Record<string, unknown>,
  second: number,
): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamName: `stream-${type}`,
    type,
    data,
    metadata: {},
    revision: position,
    position,
    recordedAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + second * 1000),
  };
}

/** The awkward cases by hand: double entries, a leave with nothing open, re-entry in one batch. */
const HAND_WRITTEN: readonly RecordedEvent[] = [
  ['WorkspaceEntered', { docId: 'd1', userId: 'ana' }],
  ['DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 5, deleted: 0 }],
  ['WorkspaceEntered', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceLeft', { docId: 'd2', userId: 'ben' }],
  ['WorkspaceEntered', { docId: 'd2', userId: 'ben' }],
  ['DocumentUpdated', { docId: 'd2', authorId: 'ben', inserted: 3, deleted: 1 }],
  ['WorkspaceLeft', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceLeft', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceEntered', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceLeft', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceEntered', { docId: 'd1', userId: 'ana' }],
  ['WorkspaceEntered', { docId: 'd2', userId: 'ben' }],
].map(([type, data], index) =>
  recorded(index + 1, type as string, data as Record<string, unknown>, index),
);

/** A longer made-up session (seeded, so a failure repeats): three docs, four people. */
function generated(count: number, seed: number): RecordedEvent[] {
  let state = seed;
  const next = (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
  const events: RecordedEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const docId = `doc-${next(3)}`;
    const userId = `user-${next(4)}`;
    const roll = next(10);
    const position = 1000 + index;
    if (roll < 5)
      events.push(
        recorded(
          position,
          'DocumentUpdated',
          { docId, authorId: userId, inserted: next(40), deleted: next(5) },
          index,
        ),
      );
    else if (roll < 8)
      events.push(recorded(position, 'WorkspaceEntered', { docId, userId }, index));
    else events.push(recorded(position, 'WorkspaceLeft', { docId, userId }, index));
  }
  return events;
}

async function readModel(db: SqlDatabase) {
  return {
    edits: await db.query(
      `SELECT position::integer AS position, doc_id, user_id, at::text, inserted, deleted FROM rm_edit_samples ORDER BY position`,
    ),
    presence: await db.query(
      `SELECT position::integer AS position, doc_id, user_id, from_at::text, to_at::text FROM rm_presence_intervals ORDER BY position`,
    ),
    minutes: await readMinutes(db),
    runs: await readRuns(db),
  };
}

function readRuns(db: SqlDatabase) {
  return db.query(
    `SELECT position::integer AS position, doc_id, user_id, first_at::text, last_at::text, inserted, deleted, edits
       FROM rm_edit_runs ORDER BY position`,
  );
}

function readMinutes(db: SqlDatabase) {
  return db.query(
    `SELECT doc_id, user_id, minute::text, inserted, deleted, edits, first_at::text, last_at::text
       FROM rm_edit_minutes ORDER BY doc_id, user_id, minute`,
  );
}

/** Applies the events in batches of the given sizes (cycled), or one by one. */
async function project(db: SqlDatabase, events: readonly RecordedEvent[], sizes?: number[]) {
  await migrate(db, boardActivityProjection.migrations ?? []);
  if (!sizes) {
    await db.transaction(async (tx) => {
      for (const event of events) await boardActivityProjection.apply(event, tx);
    });
    return;
  }
  let from = 0;
  for (let turn = 0; from < events.length; turn += 1) {
    const batch = events.slice(from, from + (sizes[turn % sizes.length] ?? 1));
    from += batch.length;
    await db.transaction((tx) => boardActivityProjection.applyBatch!(batch, tx));
  }
}

async function modelOf(
  open: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>,
  events: readonly RecordedEvent[],
  sizes?: number[],
) {
  const database = await open();
  try {
    await project(database.db, events, sizes);
    return await readModel(database.db);
  } finally {
    await database.dispose();
  }
}

function suite(open: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>) {
  it('leaves the same intervals and samples in batches as event by event (hand-written cases)', async () => {
    const oneByOne = await modelOf(open, HAND_WRITTEN);
    // Spelled out so the test would notice a broken one-by-one path too.
    expect(oneByOne.edits).toHaveLength(2);
    expect(oneByOne.presence).toEqual([
      expect.objectContaining({ position: 1, doc_id: 'd1', to_at: expect.any(String) }),
      expect.objectContaining({ position: 5, doc_id: 'd2', to_at: null }),
      expect.objectContaining({ position: 9, doc_id: 'd1', to_at: expect.any(String) }),
      expect.objectContaining({ position: 11, doc_id: 'd1', to_at: null }),
    ]);
    for (const sizes of [[HAND_WRITTEN.length], [1], [2], [3, 1], [5, 7]])
      expect(await modelOf(open, HAND_WRITTEN, sizes)).toEqual(oneByOne);
  });

  it('sums each person’s edits to a document per minute, with the first and last edit’s time', async () => {
    const events = [
      recorded(1, 'DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 5, deleted: 1 }, 10),
      recorded(2, 'DocumentUpdated', { docId: 'd1', authorId: 'ben', inserted: 7, deleted: 0 }, 20),
      // Recorded before position 1 (another writer's clock): still the minute's first edit.
      recorded(3, 'DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 3, deleted: 2 }, 5),
      recorded(4, 'DocumentUpdated', { docId: 'd1', authorId: 'ana', inserted: 1, deleted: 0 }, 70),
    ];
    const expected = [
      ['ana', '09:00:00', 8, 3, 2, '09:00:05', '09:00:10'],
      ['ana', '09:01:00', 1, 0, 1, '09:01:10', '09:01:10'],
      ['ben', '09:00:00', 7, 0, 1, '09:00:20', '09:00:20'],
    ].map(([user_id, minute, inserted, deleted, edits, first_at, last_at]) => ({
      doc_id: 'd1',
      user_id,
      minute: `2026-11-23 ${minute as string}+00`,
      inserted,
      deleted,
      edits,
      first_at: `2026-11-23 ${first_at as string}+00`,
      last_at: `2026-11-23 ${last_at as string}+00`,
    }));
    expect((await modelOf(open, events)).minutes).toEqual(expected);
    expect((await modelOf(open, events, [4])).minutes).toEqual(expected);
  });

  it('keeps edits closer than the credit as one run, and an edit recorded out of order in its own', async () => {
    const at = (second: number) =>
      `2026-11-23 ${new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + second * 1000).toISOString().slice(11, 19)}+00`;
    const edit = (position: number, second: number, inserted: number) =>
      recorded(
        position,
        'DocumentUpdated',
        { docId: 'd1', authorId: 'ana', inserted, deleted: 0 },
        second,
      );
    const events = [
      edit(1, 0, 1),
      edit(2, 100, 2),
      edit(3, 220, 3), // 2 minutes after the last: still the same run
      edit(4, 400, 4), // 3 minutes after: a new run
      edit(5, 390, 5), // recorded earlier than 4 by another writer: joins the run of 4
      edit(6, 30, 6), // from the first run's time, after the second began: a run of its own
    ];
    const expected = [
      { position: 1, first_at: at(0), last_at: at(220), inserted: 6, edits: 3 },
      { position: 4, first_at: at(390), last_at: at(400), inserted: 9, edits: 2 },
      { position: 6, first_at: at(30), last_at: at(30), inserted: 6, edits: 1 },
    ].map((run) => ({ doc_id: 'd1', user_id: 'ana', deleted: 0, ...run }));
    expect((await modelOf(open, events)).runs).toEqual(expected);
    expect((await modelOf(open, events, [6])).runs).toEqual(expected);
  });

  it('fills the minutes and runs of a store that kept only samples, as the projection would have', async () => {
    // Spread over hours, so each person's edits break into many runs.
    const events = generated(600, 11).map((event, index) => ({
      ...event,
      recordedAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + index * 37_000),
    }));
    const database = await open();
    try {
      await project(database.db, events, [50]);
      const kept = await readMinutes(database.db);
      expect(kept.length).toBeGreaterThanOrEqual(10);
      await database.db.query('DELETE FROM rm_edit_minutes');
      const fill = boardActivityProjection.migrations?.find(
        (m) => m.id === 'board-activity-002-edit-minutes',
      );
      await database.db.query(fill?.sql ?? 'SELECT missing_migration');
      expect(await readMinutes(database.db)).toEqual(kept);

      const runs = await readRuns(database.db);
      expect(runs.length).toBeGreaterThan(10);
      await database.db.query('DELETE FROM rm_edit_runs');
      const fillRuns = boardActivityProjection.migrations?.find(
        (m) => m.id === 'board-activity-003-edit-runs',
      );
      await database.db.query(fillRuns?.sql ?? 'SELECT missing_migration');
      expect(await readRuns(database.db)).toEqual(runs);
    } finally {
      await database.dispose();
    }
  });

  it('leaves the same model in batches of any size over a long made-up session', async () => {
    const events = generated(600, 7);
    const oneByOne = await modelOf(open, events);
    expect(oneByOne.presence.length).toBeGreaterThan(20);
    for (const sizes of [[600], [17, 1, 50], [4]])
      expect(await modelOf(open, events, sizes)).toEqual(oneByOne);
  });
}

describe('board-activity projection (PGlite)', () => {
  const databases = pgliteTestDatabases();
  suite(async () => {
    const db = await databases.create();
    return { db, dispose: () => db.close() };
  });
});

await describeWithPostgres('board-activity projection (PostgreSQL)', () =>
  suite(async () => {
    const database = await createPostgresTestDatabase();
    return { db: database.db, dispose: () => database.dispose() };
  }),
);
