import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PgliteDatabase } from '../database/pglite-database.js';
import { newEvent } from '../testing/event-store-conformance.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { ProjectionFailedError, ProjectionRunner } from '../projections/projection-runner.js';
import { createSqlEventStore } from './create-event-store.js';
import { withUpcasting } from './event-upcasters.js';
import type { SqlEventStore } from './sql-event-store.js';
import {
  SCHEMA_VERSION_KEY,
  UnknownSchemaVersionError,
  UpcasterRegistry,
  UpcastingEventStore,
} from './upcaster-registry.js';

/** v1 had one `name`; v2 split it; v3 added `seats`. */
function classroomRegistry(): UpcasterRegistry {
  return new UpcasterRegistry()
    .register('ClassroomCreated', 1, (data) => {
      const { name } = data as { name: string };
      const [subject = name, group = ''] = name.split(' ');
      return { subject, group };
    })
    .register('ClassroomCreated', 2, (data) => ({ ...(data as object), seats: 30 }));
}

describe('UpcasterRegistry', () => {
  const databases = pgliteTestDatabases();
  let db: PgliteDatabase;
  let raw: SqlEventStore;
  let store: UpcastingEventStore;

  beforeEach(async () => {
    db = await databases.create();
    raw = await createSqlEventStore(db);
    store = new UpcastingEventStore(raw, classroomRegistry());
  });

  afterEach(async () => {
    await raw.close();
    await db.close();
  });

  it('reads events of every old version in the current shape, from the stream and the whole log', async () => {
    await raw.appendToStream('classroom-1', [
      newEvent('ClassroomCreated', { name: 'Biology 2B' }),
      newEvent('ClassroomCreated', { subject: 'Art', group: '1A' }, { [SCHEMA_VERSION_KEY]: 2 }),
      newEvent('StudentJoined', { studentId: 's-1' }),
    ]);
    const expected = [
      { subject: 'Biology', group: '2B', seats: 30 },
      { subject: 'Art', group: '1A', seats: 30 },
      { studentId: 's-1' },
    ];
    expect((await store.readStream('classroom-1')).map((e) => e.data)).toEqual(expected);
    const all = await store.readAll();
    expect(all.map((e) => e.data)).toEqual(expected);
    expect(all.map((e) => e.metadata[SCHEMA_VERSION_KEY])).toEqual([3, 3, undefined]);
  });

  it('stamps appended events with their current version, and reads them unchanged', async () => {
    await store.appendToStream('classroom-2', [
      newEvent('ClassroomCreated', { subject: 'Maths', group: '3C', seats: 24 }, { by: 't-1' }),
      newEvent('StudentJoined', { studentId: 's-2' }),
    ]);
    const stored = await raw.readStream('classroom-2');
    expect(stored.map((e) => e.metadata)).toEqual([
      { by: 't-1', [SCHEMA_VERSION_KEY]: 3 },
      { [SCHEMA_VERSION_KEY]: 1 },
    ]);
    expect((await store.readStream('classroom-2'))[0]?.data).toEqual({
      subject: 'Maths',
      group: '3C',
      seats: 24,
    });
  });

  it('refuses a version from the future with a typed error that says what to do', async () => {
    await raw.appendToStream('classroom-3', [
      newEvent('ClassroomCreated', { subject: 'Music' }, { [SCHEMA_VERSION_KEY]: 4 }),
    ]);
    const error = await store.readStream('classroom-3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownSchemaVersionError);
    expect(error).toMatchObject({
      code: 'event-store.unknown-schema-version',
      version: 4,
      currentVersion: 3,
    });
    expect(String(error)).toMatch(/written by a newer server/);
    await expect(store.readAll()).rejects.toBeInstanceOf(UnknownSchemaVersionError);
  });

  it('refuses versions that are not versions, and a version with no upcaster to bridge it', async () => {
    await raw.appendToStream('odd', [
      newEvent('ClassroomCreated', {}, { [SCHEMA_VERSION_KEY]: '2' }),
    ]);
    await expect(store.readStream('odd')).rejects.toBeInstanceOf(UnknownSchemaVersionError);

    const gappy = new UpcasterRegistry()
      .register('Renamed', 1, (data) => data)
      .register('Renamed', 3, (data) => data);
    await raw.appendToStream('gap', [newEvent('Renamed', {})]);
    const [event] = await raw.readStream('gap');
    if (!event) throw new Error('the event was not stored');
    expect(() => gappy.upcast(event)).toThrow(UnknownSchemaVersionError);
  });

  it('is what the server reads through: a projection meeting an unknown version stops, naming the event', async () => {
    const served = withUpcasting(raw);
    await raw.appendToStream('classroom-4', [
      newEvent('ClassroomCreated', { name: 'Old' }),
      newEvent('ClassroomCreated', { name: 'Future' }, { [SCHEMA_VERSION_KEY]: 2 }),
    ]);
    const applied: unknown[] = [];
    const runner = new ProjectionRunner({
      eventStore: served,
      db,
      projections: [{ name: 'strict', apply: async (event) => void applied.push(event.data) }],
      batchSize: 1,
      logger: { log: () => undefined, error: () => undefined },
    });
    await runner.start();
    try {
      const failure = runner.waitFor(2);
      await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
      await expect(failure).rejects.toThrow(/schema version 2.*written by a newer server/);
      expect(applied).toEqual([{ name: 'Old' }]);
      expect((await runner.status())[0]).toMatchObject({ state: 'failed', position: 1 });
    } finally {
      await runner.stop();
    }
  });

  it('refuses two upcasters for the same step', () => {
    expect(() =>
      new UpcasterRegistry().register('A', 1, (d) => d).register('A', 1, (d) => d),
    ).toThrow(/already has an upcaster from version 1/);
  });
});
