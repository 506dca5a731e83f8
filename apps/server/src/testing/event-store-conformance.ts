import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { SqlDatabase, SqlExecutor } from '../database/sql-database.js';
import type {
  EventStore,
  NewEvent,
  RecordedEvent,
  StreamAdministration,
} from '../event-store/event-store.port.js';
import {
  EventIdConflictError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.port.js';
import type { PersonErasedData } from '../personal-data/personal-data-vault.js';
import {
  ERASED_TEXT,
  PERSON_ERASED,
  PersonalDataVault,
} from '../personal-data/personal-data-vault.js';
import { SqlKeyStore } from '../personal-data/sql-key-store.js';
import type { Projection } from '../projections/projection.js';
import type { RebuildProgress } from '../projections/projection-rebuild.js';
import {
  ProjectionFailedError,
  ProjectionRunner,
  RebuildInProgressError,
  UnknownProjectionError,
} from '../projections/projection-runner.js';
import { within } from './timeouts.js';

/** A fresh, empty store and the SQL database its read models live in. */
export interface ConformanceSubject {
  readonly store: EventStore & StreamAdministration;
  readonly db: SqlDatabase;
  dispose(): Promise<void>;
}

const SIGNAL_TIMEOUT_MS = 10_000;

export function newEvent(
  type: string,
  data: unknown = {},
  metadata?: Record<string, unknown>,
): NewEvent {
  return { id: randomUUID(), type, data, ...(metadata ? { metadata } : {}) };
}

/**
 * The behaviour every EventStore adapter must show, and the projection runner
 * on top of it. Call inside a describe; `open` gives each test an empty store.
 */
export function eventStoreConformance(open: () => Promise<ConformanceSubject>): void {
  jest.setTimeout(60_000);
  let subject: ConformanceSubject;
  let store: EventStore & StreamAdministration;
  let db: SqlDatabase;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    subject = await open();
    store = subject.store;
    db = subject.db;
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await subject.dispose();
  });

  function runner(
    projections: readonly Projection[],
    batchSize = 100,
    options: { eventStore?: EventStore; db?: SqlDatabase } = {},
  ): ProjectionRunner {
    // A fallback poll of an hour: anything these tests see arrived through onAppended.
    const created = new ProjectionRunner({
      eventStore: options.eventStore ?? store,
      db: options.db ?? db,
      projections,
      batchSize,
      fallbackPollMs: 3_600_000,
      waitTimeoutMs: SIGNAL_TIMEOUT_MS,
      logger: { log: () => undefined, error: () => undefined },
    });
    runners.push(created);
    return created;
  }

  describe('appending and reading', () => {
    it('starts empty', async () => {
      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
      expect(await store.readStream('nothing-here')).toEqual([]);
      expect(await store.ping()).toBe(true);
    });

    it('reads back appended events with contiguous revisions, positions, data and metadata', async () => {
      const first = newEvent(
        'ClassroomCreated',
        { name: 'Biology 2B', seats: 24 },
        { by: 'teacher-1' },
      );
      const second = newEvent('StudentJoinedClassroom', { studentId: 's-1' });
      const result = await store.appendToStream('classroom-1', [first, second], {
        expectedRevision: 'no_stream',
      });
      expect(result).toEqual({ nextExpectedRevision: 1, position: 2 });

      const events = await store.readStream('classroom-1');
      expect(events.map((e) => [e.id, e.type, e.revision, e.position, e.streamName])).toEqual([
        [first.id, 'ClassroomCreated', 0, 1, 'classroom-1'],
        [second.id, 'StudentJoinedClassroom', 1, 2, 'classroom-1'],
      ]);
      expect(events[0]?.data).toEqual({ name: 'Biology 2B', seats: 24 });
      expect(events[0]?.metadata).toEqual({ by: 'teacher-1' });
      expect(events[1]?.metadata).toEqual({});
      expect(events[0]?.recordedAt).toBeInstanceOf(Date);
      expect(await store.headPosition()).toBe(2);
    });

    it('reads a stream from a revision, backwards, and at most maxCount events', async () => {
      await store.appendToStream(
        's',
        [0, 1, 2, 3, 4].map((n) => newEvent('Counted', { n })),
      );
      const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
      expect(revisions(await store.readStream('s', { fromRevision: 2 }))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream('s', { maxCount: 2 }))).toEqual([0, 1]);
      expect(revisions(await store.readStream('s', { direction: 'backwards' }))).toEqual([
        4, 3, 2, 1, 0,
      ]);
      expect(
        revisions(
          await store.readStream('s', { direction: 'backwards', fromRevision: 3, maxCount: 2 }),
        ),
      ).toEqual([3, 2]);
    });

    it('signals each committed append with the new head position', async () => {
      const heard: number[] = [];
      const unsubscribe = store.onAppended((position) => heard.push(position));
      await store.appendToStream('a', [newEvent('One'), newEvent('Two')]);
      await store.appendToStream('b', [newEvent('Three')]);
      unsubscribe();
      await store.appendToStream('b', [newEvent('Four')]);
      expect(heard).toEqual([2, 3]);
    });

    it('round-trips a 1 MB payload and non-Latin text', async () => {
      const text =
        'Ελληνικά · Русский · العربية · हिन्दी · 日本語 · 한국어 · 🎓🧪 — "quotes" \\ back\\slash\n';
      const big = text.repeat(Math.ceil(1_048_576 / Buffer.byteLength(text)));
      expect(Buffer.byteLength(big)).toBeGreaterThanOrEqual(1_048_576);
      const data = {
        big,
        nested: { list: [1, 'два', { 三: true }], empty: '' },
        title: 'Проект №1',
      };
      await store.appendToStream('unicode-Ω', [
        newEvent('DocumentUpdated', data, { by: 'Zoë Ågren' }),
      ]);
      const [event] = await store.readStream('unicode-Ω');
      expect(event?.data).toEqual(data);
      expect(event?.metadata).toEqual({ by: 'Zoë Ågren' });
      const [fromLog] = await store.readAll({ streamPrefix: 'unicode-' });
      expect(fromLog?.data).toEqual(data);
    });

    it('stores JSON scalars as data, and undefined as null', async () => {
      await store.appendToStream('scalars', [
        newEvent('Text', 'just a string'),
        newEvent('Number', 42),
        { id: randomUUID(), type: 'Nothing', data: undefined },
      ]);
      expect((await store.readStream('scalars')).map((e) => e.data)).toEqual([
        'just a string',
        42,
        null,
      ]);
    });
  });

  describe('expected revision', () => {
    it("'no_stream' accepts a new stream and refuses an existing one", async () => {
      await store.appendToStream('s', [newEvent('A')], { expectedRevision: 'no_stream' });
      const error = await store
        .appendToStream('s', [newEvent('B')], { expectedRevision: 'no_stream' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({
        streamName: 's',
        expected: 'no_stream',
        actual: 0,
        code: 'event-store.wrong-expected-revision',
      });
    });

    it("'stream_exists' refuses an absent stream and accepts an existing one", async () => {
      await expect(
        store.appendToStream('s', [newEvent('A')], { expectedRevision: 'stream_exists' }),
      ).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        actual: 'no_stream',
      });
      await store.appendToStream('s', [newEvent('A')]);
      await expect(
        store.appendToStream('s', [newEvent('B')], { expectedRevision: 'stream_exists' }),
      ).resolves.toEqual({
        nextExpectedRevision: 1,
        position: 2,
      });
    });

    it('an exact revision must be the last one', async () => {
      await store.appendToStream('s', [newEvent('A'), newEvent('B')]);
      await expect(
        store.appendToStream('s', [newEvent('C')], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(
        store.appendToStream('absent', [newEvent('C')], { expectedRevision: 0 }),
      ).rejects.toMatchObject({ actual: 'no_stream' });
      await expect(
        store.appendToStream('s', [newEvent('C')], { expectedRevision: 1 }),
      ).resolves.toEqual({
        nextExpectedRevision: 2,
        position: 3,
      });
    });

    it("'any' (the default) appends whatever the stream holds", async () => {
      await store.appendToStream('s', [newEvent('A')], { expectedRevision: 'any' });
      await store.appendToStream('s', [newEvent('B')]);
      expect((await store.readStream('s')).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('lets exactly one of 8 concurrent writers with the same expected revision win', async () => {
      await store.appendToStream('contested', [newEvent('Created')]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, writer) =>
          store.appendToStream(
            'contested',
            [newEvent('Claimed', { writer }), newEvent('Confirmed', { writer })],
            { expectedRevision: 0 },
          ),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const events = await store.readStream('contested');
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      // Losers may have taken positions before they lost: gaps are allowed, disorder is not.
      const [, claimed, confirmed] = events.map((e) => e.position);
      expect(claimed).toBeGreaterThan(1);
      expect(confirmed).toBe((claimed ?? 0) + 1);
    });
  });

  describe('atomicity and idempotency', () => {
    it('stores none of a multi-event append when one event is refused', async () => {
      await store.appendToStream('s', [newEvent('A')]);
      // PostgreSQL's jsonb refuses \u0000, which fails the append half-way through its events.
      const append = store.appendToStream('s', [
        newEvent('B'),
        newEvent('C', { text: 'nul\u0000byte' }),
        newEvent('D'),
      ]);
      await expect(append).rejects.toThrow();
      expect((await store.readStream('s')).map((e) => e.type)).toEqual(['A']);
      expect(await store.headPosition()).toBe(1);
      await expect(
        store.appendToStream('s', [newEvent('E')], { expectedRevision: 0 }),
      ).resolves.toEqual({
        nextExpectedRevision: 1,
        position: 2,
      });
    });

    it("keeps a stream's events in the log in the order of their revisions, however concurrent its appends", async () => {
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let n = 0; n < 25; n++)
            await store.appendToStream(
              'busy',
              n % 5 === 0
                ? [newEvent('Tick', { writer }), newEvent('Tock', { writer })]
                : [newEvent('Tick', { writer })],
            );
        }),
      );
      const revisions = (await store.readAll()).map((e) => e.revision);
      expect(revisions).toEqual(Array.from({ length: 8 * 25 + 8 * 5 }, (_, i) => i));
    });

    it('gives concurrent multi-event appends contiguous revisions and positions, with no gaps', async () => {
      const appends = Array.from({ length: 10 }, (_, n) =>
        store.appendToStream(`stream-${n}`, [newEvent('A'), newEvent('B'), newEvent('C')], {
          expectedRevision: 'no_stream',
        }),
      );
      // Refused appends in the mix must leave no hole in the positions.
      const refused = Array.from({ length: 5 }, () =>
        store.appendToStream('absent', [newEvent('X')], { expectedRevision: 3 }),
      );
      await Promise.allSettled([...appends, ...refused]);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      for (let n = 0; n < 10; n++) {
        const events = all.filter((e) => e.streamName === `stream-${n}`);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
        const [first] = events;
        expect(events.map((e) => e.position)).toEqual([
          first?.position,
          (first?.position ?? 0) + 1,
          (first?.position ?? 0) + 2,
        ]);
      }
    });

    it('appends to several streams in one call (SQL adapters): each continues its revisions, positions follow the call order', async () => {
      if (!store.appendToStreams) {
        // Optional in the port: only KurrentDB goes without it, and callers append one by one.
        expect(store.kind).toBe('kurrentdb');
        return;
      }
      await store.appendToStream('b', [newEvent('B0')]);
      const heard: number[] = [];
      const unsubscribe = store.onAppended((position) => heard.push(position));
      const results = await store.appendToStreams([
        { streamName: 'a', events: [newEvent('A0'), newEvent('A1')] },
        { streamName: 'b', events: [newEvent('B1')], expectedRevision: 0 },
        { streamName: 'c', events: [newEvent('C0')], expectedRevision: 'no_stream' },
      ]);
      unsubscribe();
      expect(results).toEqual([
        { nextExpectedRevision: 1, position: 3 },
        { nextExpectedRevision: 1, position: 4 },
        { nextExpectedRevision: 0, position: 5 },
      ]);
      expect(heard).toEqual([5]);
      const all = await store.readAll();
      expect(all.map((e) => [e.type, e.streamName, e.revision, e.position])).toEqual([
        ['B0', 'b', 0, 1],
        ['A0', 'a', 0, 2],
        ['A1', 'a', 1, 3],
        ['B1', 'b', 1, 4],
        ['C0', 'c', 0, 5],
      ]);
    });

    it('stores none of a multi-stream append when one of them is refused (SQL adapters)', async () => {
      if (!store.appendToStreams) return;
      await store.appendToStream('b', [newEvent('B0')]);
      const taken = newEvent('Taken');
      await store.appendToStream('t', [taken]);
      const refusals = [
        { streamName: 'b', events: [newEvent('B1')], expectedRevision: 5 },
        { streamName: 'b', events: [newEvent('B1')], expectedRevision: 'no_stream' as const },
        { streamName: 'u', events: [taken] },
      ];
      for (const refused of refusals) {
        await expect(
          store.appendToStreams([{ streamName: 'a', events: [newEvent('A0')] }, refused]),
        ).rejects.toThrow(/none was stored.*one by one/);
      }
      await expect(
        store.appendToStreams([
          { streamName: 'a', events: [newEvent('A0')] },
          { streamName: 'a', events: [newEvent('A1')] },
        ]),
      ).rejects.toThrow(/appears twice/);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['B0', 'Taken']);
      // The next single append still gets the next position: a refused call leaves no gap in use.
      const { position } = await store.appendToStream('a', [newEvent('A0')]);
      expect((await store.readAll()).map((e) => e.position)).toEqual([1, 2, position]);
    });

    it('stores nothing twice when an append is retried with the same ids', async () => {
      const batch = [newEvent('A'), newEvent('B')];
      const original = await store.appendToStream('s', batch, { expectedRevision: 'no_stream' });
      await store.appendToStream('other', [newEvent('Elsewhere')]);
      const heard: number[] = [];
      store.onAppended((position) => heard.push(position));

      // The retry carries the expectation it was first sent with: it must still succeed.
      const retried = await store.appendToStream('s', batch, { expectedRevision: 'no_stream' });
      expect(retried).toEqual(original);
      expect((await store.readStream('s')).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(await store.headPosition()).toBe(3);
      expect(heard).toEqual([]);
    });

    it("answers a retry with 'any' (whose expectation still holds) with the original result", async () => {
      const batch = [newEvent('A'), newEvent('B')];
      const original = await store.appendToStream('s', batch);
      await store.appendToStream('s', [newEvent('C')]);
      const heard: number[] = [];
      store.onAppended((position) => heard.push(position));

      await expect(store.appendToStream('s', batch)).resolves.toEqual(original);
      expect((await store.readStream('s')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(heard).toEqual([]);
    });

    it('refuses ids that are stored but not as this same append', async () => {
      const [a, b] = [newEvent('A'), newEvent('B')];
      await store.appendToStream('s', [a, b]);
      await expect(store.appendToStream('t', [a])).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(store.appendToStream('s', [a, newEvent('C')])).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      await expect(store.appendToStream('s', [b, a])).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.headPosition()).toBe(2);
    });

    it('refuses an event id that is not a UUID, or one used twice in the same append', async () => {
      await expect(
        store.appendToStream('s', [{ id: 'not-a-uuid', type: 'A', data: {} }]),
      ).rejects.toThrow(/not a UUID/);
      const event = newEvent('A');
      await expect(store.appendToStream('s', [event, event])).rejects.toThrow(/twice/);
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('the whole log', () => {
    it('reads in append order and filters by position, stream prefix, type and count', async () => {
      await store.appendToStream('classroom-1', [
        newEvent('ClassroomCreated'),
        newEvent('StudentJoinedClassroom'),
      ]);
      await store.appendToStream('document-1', [newEvent('DocumentUpdated')]);
      await store.appendToStream('classroom-2', [newEvent('ClassroomCreated')]);
      await store.appendToStream('classroom-1', [newEvent('GroupCreated')]);
      await store.appendToStream('classroom_x', [newEvent('ClassroomCreated')]);

      const all = await store.readAll();
      expect(all.map((e) => [e.position, e.streamName, e.type])).toEqual([
        [1, 'classroom-1', 'ClassroomCreated'],
        [2, 'classroom-1', 'StudentJoinedClassroom'],
        [3, 'document-1', 'DocumentUpdated'],
        [4, 'classroom-2', 'ClassroomCreated'],
        [5, 'classroom-1', 'GroupCreated'],
        [6, 'classroom_x', 'ClassroomCreated'],
      ]);
      const positions = (events: RecordedEvent[]) => events.map((e) => e.position);
      expect(positions(await store.readAll({ after: 3 }))).toEqual([4, 5, 6]);
      expect(positions(await store.readAll({ after: 1, maxCount: 2 }))).toEqual([2, 3]);
      // A prefix is literal text: '_' and '%' are not wildcards.
      expect(positions(await store.readAll({ streamPrefix: 'classroom-' }))).toEqual([1, 2, 4, 5]);
      expect(
        positions(await store.readAll({ eventTypes: ['ClassroomCreated', 'GroupCreated'] })),
      ).toEqual([1, 4, 5, 6]);
      expect(
        positions(
          await store.readAll({
            after: 1,
            streamPrefix: 'classroom-',
            eventTypes: ['ClassroomCreated'],
            maxCount: 5,
          }),
        ),
      ).toEqual([4]);
      expect(await store.readAll({ eventTypes: [] })).toEqual([]);
    });

    it('readAllWithHead (SQL adapters) gives a filtered page and the head from one view', async () => {
      if (!store.readAllWithHead) {
        // Optional in the port: only KurrentDB goes without it, and projections fall back.
        expect(store.kind).toBe('kurrentdb');
        return;
      }
      expect(await store.readAllWithHead({ after: 0 })).toEqual({ events: [], head: 0 });
      await store.appendToStream('s', [
        newEvent('Noise'),
        newEvent('Wanted', { n: 1 }),
        newEvent('Noise'),
        newEvent('Wanted', { n: 2 }),
        newEvent('Noise'),
      ]);
      const page = await store.readAllWithHead({ after: 0, eventTypes: ['Wanted'] });
      expect(page.head).toBe(5);
      expect(page.events.map((e) => [e.position, e.type, e.data])).toEqual([
        [2, 'Wanted', { n: 1 }],
        [4, 'Wanted', { n: 2 }],
      ]);
      expect(page.events).toEqual(await store.readAll({ after: 0, eventTypes: ['Wanted'] }));
      expect(
        (await store.readAllWithHead({ after: 2, eventTypes: ['Wanted'], maxCount: 1 })).events.map(
          (e) => e.position,
        ),
      ).toEqual([4]);
      expect(await store.readAllWithHead({ after: 4, eventTypes: ['Wanted'] })).toEqual({
        events: [],
        head: 5,
      });
    });

    it('never lets a reader following the log skip an event while writers commit concurrently', async () => {
      const writers = Array.from({ length: 8 }, (_, w) =>
        (async () => {
          for (let n = 0; n < 10; n++) {
            // Half the writers race on one stream, so some appends fail and roll back.
            const stream = w % 2 === 0 ? `race` : `writer-${w}`;
            await store
              .appendToStream(stream, [newEvent('Tick', { w, n }), newEvent('Tock', { w, n })])
              .catch(() => undefined);
            if (w % 2 === 0) {
              await store
                .appendToStream(stream, [newEvent('Tick', { w, n })], { expectedRevision: 0 })
                .catch(() => undefined);
            }
          }
        })(),
      );
      let writing = true;
      const allWritten = Promise.all(writers).finally(() => {
        writing = false;
      });

      const seen: number[] = [];
      let checkpoint = 0;
      for (;;) {
        const done = !writing;
        const batch = await store.readAll({ after: checkpoint, maxCount: 7 });
        for (const event of batch) seen.push(event.position);
        checkpoint = batch.at(-1)?.position ?? checkpoint;
        if (done && batch.length === 0) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await allWritten;

      const head = await store.headPosition();
      expect(head).toBeGreaterThanOrEqual(80);
      expect(seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    });
  });

  describe('stream metadata and deletion', () => {
    const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

    it('reads a stream within its maxCount and truncateBefore, and keeps the metadata', async () => {
      await store.appendToStream(
        's',
        [0, 1, 2, 3, 4].map((n) => newEvent('Counted', { n })),
      );
      expect(await store.getStreamMetadata('s')).toEqual({});
      await store.setStreamMetadata('s', { maxCount: 3 });
      expect(revisions(await store.readStream('s'))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream('s', { direction: 'backwards' }))).toEqual([4, 3, 2]);
      await store.setStreamMetadata('s', { truncateBefore: 4 });
      expect(revisions(await store.readStream('s'))).toEqual([4]);
      expect(await store.getStreamMetadata('s')).toEqual({ truncateBefore: 4 });
      await store.setStreamMetadata('s', { maxCount: 2, truncateBefore: 1, maxAge: 3600 });
      expect(revisions(await store.readStream('s'))).toEqual([3, 4]);
      expect(await store.getStreamMetadata('s')).toEqual({
        maxCount: 2,
        truncateBefore: 1,
        maxAge: 3600,
      });
      // Limits shape stream reads only; revisions and the whole log are untouched.
      await expect(
        store.appendToStream('s', [newEvent('More')], { expectedRevision: 4 }),
      ).resolves.toMatchObject({ nextExpectedRevision: 5 });
      expect((await store.readAll({ streamPrefix: 's' })).length).toBe(6);
    });

    it('hides events older than maxAge', async () => {
      await store.appendToStream('aged', [newEvent('Old')]);
      await store.setStreamMetadata('aged', { maxAge: 0 });
      expect(await store.readStream('aged')).toEqual([]);
      await store.setStreamMetadata('aged', { maxAge: 3600 });
      expect(revisions(await store.readStream('aged'))).toEqual([0]);
    });

    it('accepts metadata for a stream before its first event', async () => {
      await store.setStreamMetadata('future', { maxCount: 1 });
      await store.appendToStream('future', [newEvent('A'), newEvent('B')], {
        expectedRevision: 'no_stream',
      });
      expect(revisions(await store.readStream('future'))).toEqual([1]);
    });

    it('soft-deletes a stream: it reads as absent, and appending recreates it, continuing its revisions', async () => {
      await store.appendToStream('soft', [newEvent('A'), newEvent('B')]);
      await store.deleteStream('soft');
      expect(await store.readStream('soft')).toEqual([]);
      expect(await store.getStreamMetadata('soft')).toMatchObject({ deleted: 'soft' });
      await expect(
        store.appendToStream('soft', [newEvent('C')], { expectedRevision: 1 }),
      ).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 'no_stream' });

      await expect(
        store.appendToStream('soft', [newEvent('C')], { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({ nextExpectedRevision: 2 });
      const recreated = await store.readStream('soft');
      expect(recreated.map((e) => [e.type, e.revision])).toEqual([['C', 2]]);
      expect(await store.getStreamMetadata('soft')).not.toHaveProperty('deleted');
    });

    it('hard-deletes a stream for good: appending again fails with StreamDeletedError', async () => {
      await store.appendToStream('hard', [newEvent('A')]);
      await store.deleteStream('hard', { mode: 'hard' });
      expect(await store.readStream('hard')).toEqual([]);
      expect(await store.getStreamMetadata('hard')).toMatchObject({ deleted: 'hard' });
      for (const expectedRevision of ['any', 'no_stream', 0] as const) {
        const error = await store
          .appendToStream('hard', [newEvent('B')], { expectedRevision })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StreamDeletedError);
        expect(error).toMatchObject({ code: 'event-store.stream-deleted', streamName: 'hard' });
      }
      await expect(store.setStreamMetadata('hard', { maxCount: 1 })).rejects.toBeInstanceOf(
        StreamDeletedError,
      );
      // A name that never held events can be tombstoned too.
      await store.deleteStream('never', { mode: 'hard' });
      await expect(store.appendToStream('never', [newEvent('A')])).rejects.toBeInstanceOf(
        StreamDeletedError,
      );
    });
  });

  describe('projection runner', () => {
    interface Counted {
      readonly event_id: string;
      readonly position: number;
    }

    function countingProjection(
      name: string,
      options: { handles?: readonly string[]; failOn?: string } = {},
    ): Projection {
      const table = `rm_${name}`;
      return {
        name,
        ...(options.handles ? { handles: options.handles } : {}),
        migrations: [
          {
            id: `${name}-001`,
            sql: `CREATE TABLE ${table} (event_id text NOT NULL, position bigint NOT NULL, type text NOT NULL)`,
          },
        ],
        async apply(event: RecordedEvent, tx: SqlExecutor) {
          await tx.query(`INSERT INTO ${table} (event_id, position, type) VALUES ($1, $2, $3)`, [
            event.id,
            event.position,
            event.type,
          ]);
          if (event.type === options.failOn) throw new Error(`cannot handle ${event.type}`);
        },
      };
    }

    const rows = (name: string) =>
      db.query<Counted>(`SELECT event_id, position FROM rm_${name} ORDER BY position`);
    const checkpoint = async (name: string) =>
      Number(
        (
          await db.query<{ position: unknown }>(
            'SELECT position FROM projection_checkpoints WHERE name = $1',
            [name],
          )
        )[0]?.position,
      );

    it('wakes on append, writes the read model and the checkpoint, and waitFor resolves', async () => {
      const projections = runner([countingProjection('all')]);
      await projections.start();
      const projected: string[] = [];
      projections.onProjected((name, events) =>
        projected.push(...events.map((e) => `${name}:${e.position}`)),
      );

      const { position } = await store.appendToStream('s', [
        newEvent('A'),
        newEvent('B'),
        newEvent('C'),
      ]);
      await projections.waitFor(position);
      expect((await rows('all')).map((r) => Number(r.position))).toEqual([1, 2, 3]);
      expect(await checkpoint('all')).toBe(3);
      expect(projected).toEqual(['all:1', 'all:2', 'all:3']);
      expect(await projections.lag()).toEqual({ all: 0 });
      expect(await projections.status()).toEqual([
        { name: 'all', position: 3, lag: 0, state: 'running' },
      ]);
    });

    it('moves the checkpoint past events a projection does not handle', async () => {
      const projections = runner([countingProjection('picky', { handles: ['Wanted'] })], 2);
      await projections.start();
      await store.appendToStream('s', [
        newEvent('Noise'),
        newEvent('Wanted'),
        newEvent('Noise'),
        newEvent('Noise'),
        newEvent('Wanted'),
      ]);
      const { position } = await store.appendToStream('s', [newEvent('Noise'), newEvent('Noise')]);
      await projections.waitFor(position);
      expect((await rows('picky')).map((r) => Number(r.position))).toEqual([2, 5]);
      expect(await checkpoint('picky')).toBe(7);
    });

    it('takes appends made under one hold in one pass, woken as the hold is released', async () => {
      const projections = runner([countingProjection('together')], 100);
      await projections.start();
      await projections.settle();
      const batches: number[] = [];
      projections.onProjected((_, events) => batches.push(events.length));
      const release = projections.holdWakes();
      const appended = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((stream) => store.appendToStream(stream, [newEvent('A')])),
      );
      // No timer wakes these tests (the fallback poll is an hour): only the release can.
      release();
      await projections.waitFor(Math.max(...appended.map((result) => result.position)));
      expect(batches).toEqual([5]);
    });

    it('reads the log once per wake, and moves past unwanted events without a transaction', async () => {
      let reads = 0;
      let transactions = 0;
      const counted = <T extends object>(target: T, count: (property: string) => void): T =>
        new Proxy(target, {
          get(inner, property) {
            const value: unknown = Reflect.get(inner, property, inner);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              count(String(property));
              return (value as (...args: unknown[]) => unknown).apply(inner, args);
            };
          },
        });
      const projections = runner([countingProjection('frugal', { handles: ['Wanted'] })], 100, {
        eventStore: counted(store, (method) => {
          if (method === 'readAll' || method === 'readAllWithHead' || method === 'headPosition')
            reads += 1;
        }),
        db: counted(db, (method) => {
          if (method === 'transaction') transactions += 1;
        }),
      });
      await projections.start();
      await projections.settle();
      reads = 0;
      transactions = 0;
      const { position } = await store.appendToStream('s', [newEvent('Noise')]);
      await projections.waitFor(position);
      // A second wake, to know the first one's pass is over: one read each.
      await projections.settle();
      expect(await checkpoint('frugal')).toBe(position);
      expect(transactions).toBe(0);
      // On KurrentDB a read is the head, then the events, and its subscription wakes too.
      if (store.readAllWithHead) expect(reads).toBe(2);
    });

    it('applies a batch and its checkpoint in one transaction: a failure leaves neither, and the projection stops there', async () => {
      await store.appendToStream('s', [
        newEvent('A'),
        newEvent('B'),
        newEvent('Poison'),
        newEvent('C'),
      ]);
      const failing = runner([countingProjection('fragile', { failOn: 'Poison' })]);
      await failing.start();
      await expect(failing.waitFor(4)).rejects.toBeInstanceOf(ProjectionFailedError);
      expect(await rows('fragile')).toEqual([]);
      expect(await checkpoint('fragile')).toBe(0);
      expect(await failing.status()).toEqual([
        { name: 'fragile', position: 0, lag: 4, state: 'failed' },
      ]);
      await failing.stop();

      // Fixed, it resumes from the checkpoint and applies every event once.
      const fixed = runner([countingProjection('fragile')]);
      await fixed.start();
      await fixed.waitFor(4);
      expect((await rows('fragile')).map((r) => Number(r.position))).toEqual([1, 2, 3, 4]);
    });

    it('resumes after stop and start, applying each event exactly once', async () => {
      const first = runner([countingProjection('once')], 3);
      await first.start();
      await first.waitFor(
        (
          await store.appendToStream(
            's',
            Array.from({ length: 7 }, () => newEvent('A')),
          )
        ).position,
      );
      await first.stop();

      // Appended while nothing runs: picked up on start.
      await store.appendToStream(
        's',
        Array.from({ length: 5 }, () => newEvent('B')),
      );
      const second = runner([countingProjection('once')], 3);
      await second.start();
      await second.waitFor(12);
      const { position } = await store.appendToStream('t', [newEvent('C')]);
      await second.waitFor(position);
      await second.stop();
      await first.start();
      await first.waitFor(position);

      const applied = await rows('once');
      expect(applied.map((r) => Number(r.position))).toEqual(
        Array.from({ length: 13 }, (_, i) => i + 1),
      );
      expect(new Set(applied.map((r) => r.event_id)).size).toBe(13);
      expect(await checkpoint('once')).toBe(13);
    });

    it('keeps each projection on its own checkpoint', async () => {
      const projections = runner([
        countingProjection('left'),
        countingProjection('right', { failOn: 'B' }),
      ]);
      await projections.start();
      await projections.waitFor((await store.appendToStream('s', [newEvent('A')])).position);
      await store.appendToStream('s', [newEvent('B')]);
      await store.appendToStream('s', [newEvent('C')]);
      await projections.waitFor(3, { projection: 'left' });
      await expect(projections.waitFor(3, { projection: 'right' })).rejects.toBeInstanceOf(
        ProjectionFailedError,
      );
      expect(await checkpoint('left')).toBe(3);
      expect((await rows('right')).map((r) => Number(r.position))).toEqual([1]);
    });

    it('waitFor gives up with a clear error when the position is never reached', async () => {
      const projections = runner([countingProjection('idle')]);
      await projections.start();
      await expect(
        within(
          SIGNAL_TIMEOUT_MS,
          'waitFor to time out',
          projections.waitFor(99, { timeoutMs: 50 }),
        ),
      ).rejects.toThrow(/did not reach position 99/);
    });
    it('hands a whole batch to applyBatch when a projection has one, with the same effect', async () => {
      const batches: number[][] = [];
      const projection: Projection = {
        ...countingProjection('batched'),
        async applyBatch(events, tx) {
          batches.push(events.map((event) => event.position));
          const values = events.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`);
          await tx.query(
            `INSERT INTO rm_batched (event_id, position, type) VALUES ${values.join(', ')}`,
            events.flatMap((event) => [event.id, event.position, event.type]),
          );
        },
      };
      await store.appendToStream(
        's',
        Array.from({ length: 7 }, () => newEvent('A')),
      );
      const projections = runner([projection], 3);
      await projections.start();
      await projections.waitFor(7);
      expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
      expect((await rows('batched')).map((r) => Number(r.position))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('stops at the batch before when applyBatch fails, naming the batch', async () => {
      await store.appendToStream('s', [newEvent('A'), newEvent('Poison'), newEvent('B')]);
      const failing = runner([
        {
          ...countingProjection('batch_fragile'),
          async applyBatch(events) {
            if (events.some((event) => event.type === 'Poison')) throw new Error('no poison');
          },
        },
      ]);
      await failing.start();
      const failure = failing.waitFor(3);
      await expect(failure).rejects.toBeInstanceOf(ProjectionFailedError);
      await expect(failure).rejects.toThrow(/batch of events from position 1 to 3.*no poison/);
      expect(await checkpoint('batch_fragile')).toBe(0);
    });
  });

  describe('projection rebuild (blue/green)', () => {
    function rowsProjection(name: string, version: string): Projection {
      return {
        name,
        migrations: [
          {
            id: `${name}-001`,
            sql: `CREATE TABLE rm_${name} (position bigint PRIMARY KEY, version text NOT NULL);
                  CREATE INDEX rm_${name}_version ON rm_${name} (version);`,
          },
        ],
        async apply(event, tx) {
          await tx.query(`INSERT INTO rm_${name} (position, version) VALUES ($1, $2)`, [
            event.position,
            version,
          ]);
        },
      };
    }
    const versions = async (name: string) =>
      (
        await db.query<{ position: unknown; version: string }>(
          `SELECT position, version FROM rm_${name} ORDER BY position`,
        )
      ).map((row) => `${Number(row.position)}:${row.version}`);
    const expected = (count: number, version: string) =>
      Array.from({ length: count }, (_, i) => `${i + 1}:${version}`);
    const checkpoint = async (name: string) =>
      Number(
        (
          await db.query<{ position: unknown }>(
            'SELECT position FROM projection_checkpoints WHERE name = $1',
            [name],
          )
        )[0]?.position,
      );
    const reads: Promise<string[]>[] = [];
    const appends: Promise<unknown>[] = [];
    afterEach(() => {
      reads.length = 0;
      appends.length = 0;
    });

    it('serves the old read model until the new one has caught up, then swaps in one step', async () => {
      await store.appendToStream(
        's',
        Array.from({ length: 10 }, () => newEvent('A')),
      );
      const old = runner([rowsProjection('swap', 'old')]);
      await old.start();
      await old.waitFor(10);
      await old.stop();

      // The new code is deployed; its runner follows the log while the rebuild runs beside it.
      const live = runner([rowsProjection('swap', 'new')], 4);
      await live.start();
      const seenDuringRebuild: string[][] = [];
      const progress: RebuildProgress[] = [];
      let appendedDuring = false;
      const report = await live.rebuild('swap', {
        batchSize: 3,
        onProgress: (step) => {
          progress.push(step);
          // onProgress cannot await: record a read and an append as promises and await them below.
          if (step.applied > 0 && step.position < 10) reads.push(versions('swap'));
          if (!appendedDuring && step.applied >= 6) {
            appendedDuring = true;
            appends.push(store.appendToStream('s', [newEvent('B'), newEvent('B')]));
          }
        },
      });
      seenDuringRebuild.push(...(await Promise.all(reads)));
      await Promise.all(appends);

      expect(seenDuringRebuild.length).toBeGreaterThan(0);
      for (const seen of seenDuringRebuild) expect(seen.slice(0, 10)).toEqual(expected(10, 'old'));
      expect(report.tables).toEqual(['rm_swap']);
      expect(report.position).toBeGreaterThanOrEqual(10);
      expect(progress.at(-1)).toMatchObject({ position: report.position });

      const { position } = await store.appendToStream('t', [newEvent('C')]);
      await live.waitFor(position);
      expect(await versions('swap')).toEqual(expected(13, 'new'));
      expect(await checkpoint('swap')).toBe(13);
      // The rebuild's schema is gone, and the index came along with its table.
      expect(
        await db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%rebuild_swap%'"),
      ).toEqual([]);
      expect(
        await db.query<{ indexname: string }>(
          "SELECT indexname FROM pg_indexes WHERE tablename = 'rm_swap' AND schemaname = current_schema() ORDER BY indexname",
        ),
      ).toEqual([{ indexname: 'rm_swap_pkey' }, { indexname: 'rm_swap_version' }]);
    });

    it('rebuilds a projection that never ran, with no runner following', async () => {
      await store.appendToStream('s', [newEvent('A'), newEvent('A')]);
      const idle = runner([rowsProjection('fresh', 'v1')]);
      const report = await idle.rebuild('fresh');
      expect(report).toMatchObject({ position: 2, applied: 2, tables: ['rm_fresh'] });
      expect(await versions('fresh')).toEqual(expected(2, 'v1'));
      expect(await checkpoint('fresh')).toBe(2);
    });

    it('refuses a second rebuild of the same projection while one runs', async () => {
      await store.appendToStream(
        's',
        Array.from({ length: 30 }, () => newEvent('A')),
      );
      const projections = runner([rowsProjection('once_at_a_time', 'v1')]);
      let second: Promise<unknown> | undefined;
      const first = projections.rebuild('once_at_a_time', {
        batchSize: 1,
        onProgress: (step) => {
          if (step.applied === 1)
            second = projections.rebuild('once_at_a_time').then(
              () => 'the second rebuild ran',
              (error: unknown) => error,
            );
        },
      });
      await expect(first).resolves.toMatchObject({ position: 30, applied: 30 });
      const refusal = await second;
      expect(refusal).toBeInstanceOf(RebuildInProgressError);
      expect(String(refusal)).toMatch(/already being rebuilt by another process/);
      expect(await versions('once_at_a_time')).toEqual(expected(30, 'v1'));
      // Once the first is done, rebuilding again is fine.
      await expect(projections.rebuild('once_at_a_time')).resolves.toMatchObject({ position: 30 });
    });

    it('refuses an unknown projection name with a clear error, changing nothing', async () => {
      const projections = runner([rowsProjection('known', 'v1')]);
      const attempt = projections.rebuild('unknown');
      await expect(attempt).rejects.toBeInstanceOf(UnknownProjectionError);
      await expect(attempt).rejects.toThrow(
        'There is no projection named "unknown". Known projections: known.',
      );
    });

    it('keeps the old read model when the rebuild fails, and removes its half-built tables', async () => {
      await store.appendToStream('s', [newEvent('A'), newEvent('Poison')]);
      const old = runner([rowsProjection('kept', 'old')]);
      await old.start();
      await old.waitFor(2);
      await old.stop();
      const broken = runner([
        {
          ...rowsProjection('kept', 'new'),
          async apply(event) {
            if (event.type === 'Poison') throw new Error('cannot rebuild this');
          },
        },
      ]);
      await expect(broken.rebuild('kept')).rejects.toBeInstanceOf(ProjectionFailedError);
      expect(await versions('kept')).toEqual(expected(2, 'old'));
      expect(
        await db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%rebuild_kept%'"),
      ).toEqual([]);
    });
  });

  describe('personal data (crypto-shredding)', () => {
    interface PersonRegistered {
      readonly personId: string;
      /** Sealed with the person's key. */
      readonly name: string;
    }

    function peopleProjection(name: string, options: { purgesOnErasure: boolean }): Projection {
      return {
        name,
        handles: options.purgesOnErasure
          ? ['PersonRegistered', PERSON_ERASED]
          : ['PersonRegistered'],
        migrations: [
          {
            id: `${name}-001`,
            sql: `CREATE TABLE rm_${name} (person_id text PRIMARY KEY, name text NOT NULL)`,
          },
        ],
        async apply(event, tx) {
          if (event.type === PERSON_ERASED) {
            const { subjectId } = event.data as PersonErasedData;
            await tx.query(`UPDATE rm_${name} SET name = $2 WHERE person_id = $1`, [
              subjectId,
              ERASED_TEXT,
            ]);
            return;
          }
          const data = event.data as PersonRegistered;
          await tx.query(`INSERT INTO rm_${name} (person_id, name) VALUES ($1, $2)`, [
            data.personId,
            await vault.openText(data.personId, data.name, { tx }),
          ]);
        },
      };
    }
    let vault: PersonalDataVault;
    beforeEach(async () => {
      // No key cache: every open asks the key store, as another instance would after its cache time.
      vault = new PersonalDataVault(await SqlKeyStore.open(db), store, { keyCacheMs: 0 });
    });
    const names = async (name: string) =>
      db.query<{ person_id: string; name: string }>(
        `SELECT person_id, name FROM rm_${name} ORDER BY person_id`,
      );

    it('reads an erased person as erased everywhere: live, after a rebuild, and in the log itself', async () => {
      const register = async (personId: string, name: string) =>
        newEvent('PersonRegistered', { personId, name: await vault.seal(personId, name) });
      await store.appendToStream('people', [
        await register('p-ana', 'Ana Lima'),
        await register('p-ben', 'Ben Ōkubo'),
      ]);
      const projections = runner([
        peopleProjection('people', { purgesOnErasure: true }),
        peopleProjection('people_copy', { purgesOnErasure: false }),
      ]);
      await projections.start();
      await projections.waitFor(2);
      expect(await names('people')).toEqual([
        { person_id: 'p-ana', name: 'Ana Lima' },
        { person_id: 'p-ben', name: 'Ben Ōkubo' },
      ]);

      const { position } = await vault.erase('p-ana', { erasedBy: 'admin-1' });
      await projections.waitFor(position);
      expect(await names('people')).toEqual([
        { person_id: 'p-ana', name: ERASED_TEXT },
        { person_id: 'p-ben', name: 'Ben Ōkubo' },
      ]);

      for (const projection of ['people', 'people_copy']) {
        await projections.rebuild(projection);
        expect(await names(projection)).toEqual([
          { person_id: 'p-ana', name: ERASED_TEXT },
          { person_id: 'p-ben', name: 'Ben Ōkubo' },
        ]);
      }

      // The log still holds the ciphertext, and it no longer opens; no plaintext is anywhere in it.
      const log = await store.readAll();
      expect(JSON.stringify(log)).not.toMatch(/Ana|Lima|Ben|Ōkubo/);
      const registered = log.find((event) => (event.data as PersonRegistered).personId === 'p-ana');
      const sealed = (registered?.data as PersonRegistered).name;
      expect(sealed).toMatch(/^pd1\./);
      expect(await vault.open('p-ana', sealed)).toMatchObject({ erased: true });
      expect(log.filter((event) => event.type === PERSON_ERASED)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ subjectId: 'p-ana' }) }),
      ]);
    });
  });
}
