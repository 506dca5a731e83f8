import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { DocumentSnapshotted, DocumentUpdated } from '@commonplace/domain';
import { streams } from '@commonplace/domain';
import { WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { RecordingLogger } from '../collab/collab.testing.js';
import { UpdateBatcher } from '../collab/update.batcher.js';
import { WindowBeat } from '../collab/window.beat.js';
import type { SqlDatabase } from '../database/sql-database.js';
import { createSqlEventStore } from '../event-store/create-event-store.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAdministration,
  StreamAppend,
} from '../event-store/event-store.port.js';
import { StreamDeletedError } from '../event-store/event-store.port.js';
import { pgliteTestDatabases } from '../testing/pglite-test-databases.js';
import { createPostgresTestDatabase, describeWithPostgres } from '../testing/services.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';

const DOC = 'doc-1';

/** The real store, with a switch that loses append replies, and counts of appends and events read. */
class InstrumentedStore implements EventStore {
  lostRepliesLeft = 0;
  eventsRead = 0;
  singleAppends = 0;
  multiStreamAppends = 0;

  constructor(readonly inner: EventStore & StreamAdministration) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.singleAppends += 1;
    const result = await this.inner.appendToStream(streamName, events, options);
    this.loseReplyIfAsked();
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (!this.inner.appendToStreams) throw new Error('the SQL adapters append to several streams');
    this.multiStreamAppends += 1;
    const results = await this.inner.appendToStreams(appends);
    this.loseReplyIfAsked();
    return results;
  }

  private loseReplyIfAsked(): void {
    if (this.lostRepliesLeft > 0) {
      this.lostRepliesLeft -= 1;
      throw new Error('The append committed but its reply was lost (simulated).');
    }
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamName, options);
    this.eventsRead += events.length;
    return events;
  }

  allEventsRead = 0;

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll(options);
    this.allEventsRead += events.length;
    return events;
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  onAppended(listener: (position: number) => void): () => void {
    return this.inner.onAppended(listener);
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A writer's doc that hands out each edit as one update, as a client would send it. */
function writer() {
  const doc = new Y.Doc();
  const text = doc.getText(WORKSPACE_TEXT);
  const edit = (change: (text: Y.Text) => void): Uint8Array => {
    const captured: { update?: Uint8Array } = {};
    const capture = (update: Uint8Array) => (captured.update = update);
    doc.on('update', capture);
    change(text);
    doc.off('update', capture);
    if (captured.update === undefined) throw new Error('the edit changed nothing');
    return captured.update;
  };
  return { doc, text, edit };
}

function textOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const text = doc.getText(WORKSPACE_TEXT).toString();
  doc.destroy();
  return text;
}

function persistenceSuite(
  openDatabase: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>,
) {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  async function openStore(): Promise<InstrumentedStore> {
    const database = await openDatabase();
    dispose = database.dispose;
    return new InstrumentedStore(await createSqlEventStore(database.db));
  }

  function change(authorId: string, update: Uint8Array) {
    return { changeId: randomUUID(), authorId, update, inserted: 1, deleted: 0 };
  }

  it('stores a batch once when its append is retried after a lost reply', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store);
    const batcher = new UpdateBatcher(DOC, persistence, {
      flushWindowMs: 60_000,
      flushMaxBytes: 64 * 1024,
      logger: new RecordingLogger(),
      beat: new WindowBeat(),
      retryDelayMs: () => 1,
    });
    const { edit } = writer();
    batcher.add(
      'ann',
      edit((text) => text.insert(0, 'typed once')),
      { inserted: 10, deleted: 0 },
    );
    store.lostRepliesLeft = 2;

    await batcher.flush();

    const events = await store.readStream(streams.document(DOC));
    expect(events.map((event) => event.type)).toEqual(['DocumentUpdated']);
    expect(textOf(await persistence.load(DOC))).toBe('typed once');
    batcher.stop();
  });

  it('stores the changes of documents whose windows close together in one multi-stream append, and their snapshots in the next', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 2 });
    const docs = ['doc-a', 'doc-b', 'doc-c'];
    const writers = docs.map(() => writer());
    // Loaded first, as the endpoint does: each snapshot is then built from what was stored here.
    for (const docId of docs) await persistence.load(docId);
    for (const round of [1, 2]) {
      await Promise.all(
        docs.map((docId, index) =>
          persistence.appendAll(docId, [
            change(
              'ann',
              writers[index]!.edit((t) => t.insert(t.length, `${docId} ${round};`)),
            ),
          ]),
        ),
      );
    }
    // Each round's changes, then the snapshots the second round made due.
    expect(store.multiStreamAppends).toBe(3);
    expect(store.singleAppends).toBe(0);
    for (const docId of docs) {
      const events = await store.readStream(streams.document(docId));
      expect(events.map((event) => [event.type, event.revision])).toEqual([
        ['DocumentUpdated', 0],
        ['DocumentUpdated', 1],
        ['DocumentSnapshotted', 2],
      ]);
      expect(textOf(await persistence.load(docId))).toBe(`${docId} 1;${docId} 2;`);
    }
  });

  it('snapshots documents typed in lockstep at different counts, each within its stagger', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, {
      snapshotEvery: 4,
      snapshotStagger: 4,
    });
    const docs = ['doc-a', 'doc-b', 'doc-c', 'doc-d', 'doc-e', 'doc-f'];
    const writers = docs.map(() => writer());
    for (const docId of docs) await persistence.load(docId);
    for (let round = 0; round < 9; round++) {
      await Promise.all(
        docs.map((docId, index) =>
          persistence.appendAll(docId, [
            change(
              'ann',
              writers[index]!.edit((t) => t.insert(t.length, `${round};`)),
            ),
          ]),
        ),
      );
    }
    const firstSnapshots = await Promise.all(
      docs.map(async (docId) => {
        const events = await store.readStream(streams.document(docId));
        const snapshot = events.find((event) => event.type === 'DocumentSnapshotted');
        return (snapshot?.data as DocumentSnapshotted['data'] | undefined)?.throughRevision;
      }),
    );
    // After 4 to 8 changes (revisions 3 to 7), and not all after the same number.
    for (const through of firstSnapshots) {
      expect(through).toBeGreaterThanOrEqual(3);
      expect(through).toBeLessThanOrEqual(7);
    }
    expect(new Set(firstSnapshots).size).toBeGreaterThan(1);
  });

  it('stores the rest of a group one by one when one of its documents is refused, refusing only that one', async () => {
    const store = await openStore();
    await store.inner.deleteStream(streams.document('doc-b'), { mode: 'hard' });
    const persistence = new EventLogDocumentPersistence(store);
    const outcomes = await Promise.allSettled(
      ['doc-a', 'doc-b', 'doc-c'].map((docId) =>
        persistence.appendAll(docId, [
          change(
            'ann',
            writer().edit((t) => t.insert(0, docId)),
          ),
        ]),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(outcomes[1]).toMatchObject({ reason: expect.any(StreamDeletedError) });
    expect(textOf(await persistence.load('doc-a'))).toBe('doc-a');
    expect(textOf(await persistence.load('doc-c'))).toBe('doc-c');
  });

  it('stores a group once when the reply to its multi-stream append was lost', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store);
    store.lostRepliesLeft = 1;
    await Promise.all(
      ['doc-a', 'doc-b'].map((docId) =>
        persistence.appendAll(docId, [
          change(
            'ann',
            writer().edit((t) => t.insert(0, docId)),
          ),
        ]),
      ),
    );
    expect(store.multiStreamAppends).toBe(1);
    for (const docId of ['doc-a', 'doc-b']) {
      const events = await store.readStream(streams.document(docId));
      expect(events.map((event) => event.type)).toEqual(['DocumentUpdated']);
    }
  });

  it('loads a cold document from one snapshot and a short tail, with the same content', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 10 });
    await persistence.load(DOC);
    const { text, edit } = writer();
    const all: Uint8Array[] = [];
    for (let index = 0; index < 57; index++) {
      const update = edit((t) =>
        index % 4 === 3 ? t.delete(0, 2) : t.insert(t.length, `line ${index} — ü🙂\n`),
      );
      all.push(update);
      await persistence.append(DOC, change(index % 2 === 0 ? 'ann' : 'ben', update));
    }

    const cold = new EventLogDocumentPersistence(store, { snapshotEvery: 10 });
    store.eventsRead = 0;
    const loaded = await cold.load(DOC);

    expect(textOf(loaded)).toBe(text.toString());
    expect(textOf(all)).toBe(text.toString());
    // 57 changes and 5 snapshots: the latest snapshot covers 50, so 7 changes follow it.
    expect(loaded).toHaveLength(1 + 7);
    // One page back from the head reaches the snapshot; nothing before it is read.
    expect(store.eventsRead).toBeLessThanOrEqual(10 + 1);
  });

  it('warms up for the first connection by reading the snapshots at the end of the log, storing and remembering nothing', async () => {
    const store = await openStore();
    // On an empty log: nothing to read, and no failure.
    await new EventLogDocumentPersistence(store).warmUp(randomUUID());
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 10 });
    await persistence.load(DOC);
    const { text, edit } = writer();
    for (let index = 0; index < 13; index++)
      await persistence.append(
        DOC,
        change(
          'ann',
          edit((t) => t.insert(t.length, `${index} `)),
        ),
      );
    // As at a graceful stop: the log ends with the document's snapshot.
    await persistence.compact(DOC);
    const head = await store.headPosition();
    store.allEventsRead = 0;

    const restarted = new EventLogDocumentPersistence(store, { snapshotEvery: 10 });
    await restarted.warmUp(randomUUID());

    // It read the log's last document events, the snapshot among them, and wrote nothing.
    expect(store.allEventsRead).toBeGreaterThan(0);
    expect(await store.headPosition()).toBe(head);
    // The first load after it reads the stream as any cold load does, and holds everything.
    store.eventsRead = 0;
    const loaded = await restarted.load(DOC);
    expect(loaded).toHaveLength(1);
    expect(textOf(loaded)).toBe(text.toString());
    expect(store.eventsRead).toBe(2);
  });

  it('compacts on request so the next cold load is one snapshot and no tail, and only when a tail exists', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 10 });
    const { text, edit } = writer();
    for (let index = 0; index < 13; index++) {
      await persistence.append(
        DOC,
        change(
          'ann',
          edit((t) => t.insert(t.length, `${index};`)),
        ),
      );
    }

    await persistence.compact(DOC);
    await persistence.compact(DOC);

    const types = (await store.readStream(streams.document(DOC))).map((event) => event.type);
    // One snapshot after the 10th change (the usual cadence), one after the 13th (the request); none more.
    expect(types.filter((type) => type === 'DocumentSnapshotted')).toHaveLength(2);
    expect(types.at(-1)).toBe('DocumentSnapshotted');
    store.eventsRead = 0;
    const loaded = await new EventLogDocumentPersistence(store, { snapshotEvery: 10 }).load(DOC);
    expect(loaded).toHaveLength(1);
    expect(textOf(loaded)).toBe(text.toString());
    // The snapshot and the change before it, not the older snapshot three changes further back.
    expect(store.eventsRead).toBe(2);
  });

  it('builds every snapshot from exactly the changes stored before it', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 3 });
    await persistence.load(DOC);
    const { edit } = writer();
    for (let index = 0; index < 10; index++) {
      await persistence.append(
        DOC,
        change(
          'ann',
          edit((t) => t.insert(0, `${index}`)),
        ),
      );
    }

    const events = await store.readStream(streams.document(DOC));
    const snapshots = events.filter((event) => event.type === 'DocumentSnapshotted');
    expect(snapshots.map((event) => event.revision)).toEqual([3, 7, 11]);
    for (const snapshot of snapshots) {
      const data = snapshot.data as DocumentSnapshotted['data'];
      expect(data.throughRevision).toBe(snapshot.revision - 1);
      const before = events
        .filter((event) => event.type === 'DocumentUpdated' && event.revision < snapshot.revision)
        .map((event) => Buffer.from((event.data as DocumentUpdated['data']).update, 'base64'));
      expect(textOf([Buffer.from(data.state, 'base64')])).toBe(textOf(before));
    }
  });

  it('builds a snapshot from many changes held back to back, the same as the stream holds them', async () => {
    const store = await openStore();
    // Forty changes of 60 characters and more: the buffer they are held in grows several times.
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 40 });
    await persistence.load(DOC);
    const { text, edit } = writer();
    store.eventsRead = 0;
    for (let index = 0; index < 40; index++) {
      await persistence.append(
        DOC,
        change(
          'ann',
          edit((t) => t.insert(Math.floor(t.length / 2), `${index}:${'x'.repeat(60)};`)),
        ),
      );
    }

    expect(store.eventsRead).toBe(0);
    const [snapshot] = (await store.readStream(streams.document(DOC))).filter(
      (event) => event.type === 'DocumentSnapshotted',
    );
    const state = (snapshot?.data as DocumentSnapshotted['data'] | undefined)?.state ?? '';
    expect(textOf([Buffer.from(state, 'base64')])).toBe(text.toString());
  });

  it('snapshots a doc it loaded from what it stored, without reading the stream back', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 3 });
    await persistence.load(DOC);
    const { text, edit } = writer();
    store.eventsRead = 0;
    for (let index = 0; index < 10; index++) {
      await persistence.append(
        DOC,
        change(
          'ann',
          edit((t) => t.insert(0, `${index}`)),
        ),
      );
    }

    expect(store.eventsRead).toBe(0);
    const types = (await store.readStream(streams.document(DOC))).map((event) => event.type);
    expect(types.filter((type) => type === 'DocumentSnapshotted')).toHaveLength(3);
    expect(textOf(await new EventLogDocumentPersistence(store).load(DOC))).toBe(text.toString());
  });

  it('reads the stream back for a snapshot once another instance appended to the doc too', async () => {
    const store = await openStore();
    const here = new EventLogDocumentPersistence(store, { snapshotEvery: 3 });
    const there = new EventLogDocumentPersistence(store, { snapshotEvery: 1000 });
    await here.load(DOC);
    await there.load(DOC);
    const { text, edit } = writer();
    store.eventsRead = 0;
    for (let index = 0; index < 8; index++) {
      await (index % 3 === 1 ? there : here).append(
        DOC,
        change(
          index % 3 === 1 ? 'ben' : 'ann',
          edit((t) => t.insert(t.length, `${index};`)),
        ),
      );
    }

    // What this instance did not see, it could only learn from the stream.
    expect(store.eventsRead).toBeGreaterThan(0);
    const events = await store.readStream(streams.document(DOC));
    const snapshots = events.filter((event) => event.type === 'DocumentSnapshotted');
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      const data = snapshot.data as DocumentSnapshotted['data'];
      const before = events
        .filter((event) => event.type === 'DocumentUpdated' && event.revision < snapshot.revision)
        .map((event) => Buffer.from((event.data as DocumentUpdated['data']).update, 'base64'));
      expect(textOf([Buffer.from(data.state, 'base64')])).toBe(textOf(before));
    }
    expect(textOf(await new EventLogDocumentPersistence(store).load(DOC))).toBe(text.toString());
  });

  it('leaves the snapshot for later when another writer appended first', async () => {
    const store = await openStore();
    const persistence = new EventLogDocumentPersistence(store, { snapshotEvery: 2 });
    await persistence.load(DOC);
    const { text, edit } = writer();
    await persistence.append(
      DOC,
      change(
        'ann',
        edit((t) => t.insert(0, 'a')),
      ),
    );
    // Another instance slips a change in between this one's append and its snapshot.
    const racing = new EventLogDocumentPersistence(store, { snapshotEvery: 1000 });
    const original = store.appendToStream.bind(store);
    let slipped = false;
    store.appendToStream = async (streamName, events, options) => {
      if (!slipped && events[0]?.type === 'DocumentSnapshotted') {
        slipped = true;
        await racing.append(
          DOC,
          change(
            'ben',
            edit((t) => t.insert(0, 'b')),
          ),
        );
      }
      return original(streamName, events, options);
    };
    await persistence.append(
      DOC,
      change(
        'ann',
        edit((t) => t.insert(0, 'c')),
      ),
    );
    expect(slipped).toBe(true);
    expect((await store.readStream(streams.document(DOC))).map((event) => event.type)).toEqual([
      'DocumentUpdated',
      'DocumentUpdated',
      'DocumentUpdated',
    ]);

    await persistence.append(
      DOC,
      change(
        'ann',
        edit((t) => t.insert(0, 'd')),
      ),
    );

    const types = (await store.readStream(streams.document(DOC))).map((event) => event.type);
    expect(types.at(-1)).toBe('DocumentSnapshotted');
    expect(textOf(await new EventLogDocumentPersistence(store).load(DOC))).toBe(text.toString());
  });
}

describe('EventLogDocumentPersistence on PGlite', () => {
  const databases = pgliteTestDatabases();
  persistenceSuite(async () => {
    const db = await databases.create();
    return { db, dispose: () => db.close() };
  });
});

await describeWithPostgres('EventLogDocumentPersistence on PostgreSQL', () => {
  persistenceSuite(async () => {
    const database = await createPostgresTestDatabase();
    return { db: database.db, dispose: () => database.dispose() };
  });
});
