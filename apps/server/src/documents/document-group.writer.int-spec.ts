import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { streams } from '@commonplace/domain';
import * as Y from 'yjs';
import { ManualClock, RecordingLogger } from '../collab/collab.testing.js';
import { UpdateBatcher } from '../collab/update.batcher.js';
import type { PgliteDatabase } from '../database/pglite-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store/event-store.port.js';
import { StreamDeletedError } from '../event-store/event-store.port.js';
import type { SqlEventStore } from '../event-store/sql-event-store.js';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { DocumentGroupWriter, MAX_STREAMS_PER_APPEND } from './document-group.writer.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';

/**
 * The real store, counting the appends it is asked for; `slowLaterGroupsMs`
 * makes every multi-stream append after the first commit that much later, as
 * on a busy database.
 */
function countingStore(inner: SqlEventStore, slowLaterGroupsMs = 0) {
  const calls = { appendToStream: 0, appendToStreams: 0 };
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const call = (args: unknown[]): unknown =>
        (value as (...args: unknown[]) => unknown).apply(target, args);
      if (property !== 'appendToStream' && property !== 'appendToStreams')
        return (...args: unknown[]) => call(args);
      return async (...args: unknown[]) => {
        calls[property] += 1;
        if (property === 'appendToStreams' && calls.appendToStreams > 1 && slowLaterGroupsMs > 0)
          await new Promise((resolve) => setTimeout(resolve, slowLaterGroupsMs));
        return call(args);
      };
    },
  });
  return { store: store as EventStore, calls };
}

function updated(docId: string): NewEvent {
  return {
    id: randomUUID(),
    type: 'DocumentUpdated',
    data: { docId, authorId: 'ann', update: '', inserted: 1, deleted: 0 },
  };
}

/** One edit of a fresh doc, as a client would send it. */
function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array | undefined;
  doc.on('update', (captured: Uint8Array) => (update = captured));
  doc.getText('content').insert(0, text);
  doc.destroy();
  if (update === undefined) throw new Error('the edit changed nothing');
  return update;
}

describe('DocumentGroupWriter on PGlite', () => {
  const databases = pgliteTestDatabases();
  let db: PgliteDatabase | undefined;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await db?.close();
    db = undefined;
  });

  async function open(slowLaterGroupsMs = 0) {
    db = await databases.create();
    const inner = await createSqlEventStore(db);
    return { inner, ...countingStore(inner, slowLaterGroupsMs) };
  }

  it('stores the changes of documents whose windows close on one beat in one append, as the beat ends', async () => {
    const { store, calls } = await open();
    const clock = new ManualClock(999_910);
    const writer = new DocumentGroupWriter(store, { clock });
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 1_000 }, writer);
    // More documents than one append takes: the beat's changes go in two, started together.
    const docIds = Array.from({ length: MAX_STREAMS_PER_APPEND + 6 }, (_, index) => `doc-${index}`);
    const batchers = docIds.map(
      (docId) =>
        new UpdateBatcher(docId, persistence, {
          flushWindowMs: 600,
          flushMaxBytes: 64 * 1024,
          logger: new RecordingLogger(),
          beat: writer.beat,
        }),
    );
    cleanups.push(() => batchers.forEach((batcher) => batcher.stop()));
    // Windows opened at different moments of one beat end together.
    batchers.forEach((batcher, index) => {
      if (index % 10 === 0) clock.advance(20);
      batcher.add('ann', typed(docIds[index] ?? ''), { inserted: 5, deleted: 0 });
    });
    expect(calls.appendToStreams).toBe(0);

    clock.advance(600);

    // In the turn the beat ended: nothing waited for a later turn to line up.
    expect(calls.appendToStreams).toBe(2);
    await Promise.all(batchers.map((batcher) => batcher.flush()));
    expect(calls.appendToStreams).toBe(2);
    expect(calls.appendToStream).toBe(0);
    for (const docId of [docIds[0], docIds.at(-1)]) {
      const events = await store.readStream(streams.document(docId ?? ''));
      expect(events.map((event) => event.type)).toEqual(['DocumentUpdated']);
    }
  });

  it('gives each caller the revision and position its own stream got', async () => {
    const { store, calls } = await open();
    const writer = new DocumentGroupWriter(store, { clock: new ManualClock() });
    await store.appendToStream(streams.document('b'), [updated('b'), updated('b')]);
    const answers = Promise.all(
      ['a', 'b', 'c'].map((docId) => writer.append(docId, [updated(docId)])),
    );
    expect(writer.queued).toBe(3);

    await writer.tick();

    const results = await answers;
    expect(calls.appendToStreams).toBe(1);
    expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 2, 0]);
    for (const [index, docId] of ['a', 'b', 'c'].entries()) {
      const [last] = (await store.readStream(streams.document(docId))).slice(-1);
      expect(results[index]?.position).toBe(last?.position);
    }
  });

  it('stores a refused group one document at a time, refusing only the one at fault', async () => {
    const { inner, store, calls } = await open();
    const writer = new DocumentGroupWriter(store, { clock: new ManualClock() });
    await inner.deleteStream(streams.document('b'), { mode: 'hard' });
    const outcomes = Promise.allSettled(
      ['a', 'b', 'c'].map((docId) => writer.append(docId, [updated(docId)])),
    );

    await writer.tick();

    const settled = await outcomes;
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(settled[1]).toMatchObject({ reason: expect.any(StreamDeletedError) });
    expect(calls).toEqual({ appendToStreams: 1, appendToStream: 3 });
    expect(await store.readStream(streams.document('a'))).toHaveLength(1);
    expect(await store.readStream(streams.document('c'))).toHaveLength(1);
  });

  it('wakes the projections once, right after a tick of several appends has landed', async () => {
    // The second group commits well after the first, whose commit would wake a pass of its own.
    const { inner, store } = await open(100);
    const projected: RecordedEvent[][] = [];
    const runner = new ProjectionRunner({
      eventStore: store,
      db: db as PgliteDatabase,
      projections: [{ name: 'seen', apply: async () => undefined }],
      // No timer wakes this runner within the test: only the writer can.
      fallbackPollMs: 3_600_000,
      logger: { log: () => undefined, error: () => undefined },
    });
    await runner.start();
    cleanups.push(() => runner.stop());
    await runner.settle();
    runner.onProjected((_, events) => projected.push([...events]));
    const writer = new DocumentGroupWriter(store, {
      clock: new ManualClock(),
      projections: runner,
    });
    const docIds = Array.from({ length: MAX_STREAMS_PER_APPEND + 6 }, (_, index) => `doc-${index}`);
    const results = Promise.all(docIds.map((docId) => writer.append(docId, [updated(docId)])));

    await writer.tick();

    const head = await inner.headPosition();
    expect(Math.max(...(await results).map((result) => result.position))).toBe(head);
    await runner.waitFor(head, { timeoutMs: 2_000 });
    // Two commits, one pass: the first commit's own wake was held for the second.
    expect(projected.map((events) => events.length)).toEqual([docIds.length]);
  });

  it('lets a command waiting for its own event through while a tick still holds the wakes', async () => {
    // The tick's second group lands 3 s after the first: its wakes stay held all that time,
    // as they do without pause while a full classroom types (the beats overlap).
    const { inner, store } = await open(3_000);
    const runner = new ProjectionRunner({
      eventStore: store,
      db: db as PgliteDatabase,
      projections: [
        { name: 'inquiry-like', handles: ['MentorRevoked'], apply: async () => undefined },
      ],
      fallbackPollMs: 3_600_000,
      logger: { log: () => undefined, error: () => undefined },
    });
    await runner.start();
    cleanups.push(() => runner.stop());
    await runner.settle();
    const writer = new DocumentGroupWriter(store, {
      clock: new ManualClock(),
      projections: runner,
    });
    const docIds = Array.from({ length: MAX_STREAMS_PER_APPEND + 2 }, (_, index) => `doc-${index}`);
    const results = Promise.all(docIds.map((docId) => writer.append(docId, [updated(docId)])));
    const tick = writer.tick();

    // A teacher's revoke, appended while the tick is still landing, then waited for as the
    // command handler does: answered at once, not when the tick lets go.
    const { position } = await inner.appendToStream('inquiry-space-1', [
      { id: randomUUID(), type: 'MentorRevoked', data: { spaceId: 'space-1', mentorId: 'm-1' } },
    ]);
    const asked = performance.now();
    await runner.waitFor(position, { timeoutMs: 1_000 });
    const waited = performance.now() - asked;
    console.log(`a command's wait while a tick holds the wakes: ${Math.round(waited)} ms`);
    expect(waited).toBeLessThan(1_000);
    await tick;
    await results;
  }, 20_000);
});
