import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { InMemoryPersistence, ManualClock, RecordingLogger, waitFor } from './collab.testing.js';
import { UpdateBatcher } from './update.batcher.js';
import { WindowBeat } from './window.beat.js';

const DOC = 'doc';

/** Successive updates of one text, each appending `piece`. */
function typing(pieces: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const piece of pieces) doc.getText('content').insert(doc.getText('content').length, piece);
  return updates;
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('content').toString();
}

function makeBatcher(
  persistence: InMemoryPersistence,
  overrides: { flushWindowMs?: number; flushMaxBytes?: number } = {},
) {
  const logger = new RecordingLogger();
  const batcher = new UpdateBatcher(DOC, persistence, {
    flushWindowMs: overrides.flushWindowMs ?? 60_000,
    flushMaxBytes: overrides.flushMaxBytes ?? 64 * 1024,
    logger,
    beat: new WindowBeat(),
    retryDelayMs: () => 5,
  });
  return { batcher, logger };
}

describe('UpdateBatcher', () => {
  it('merges one author’s updates into one change with summed counts', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence);
    for (const update of typing(['ab', 'cd', 'e']))
      batcher.add('ann', update, { inserted: 2, deleted: 1 });

    await batcher.flush();

    const changes = persistence.changesOf(DOC);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ authorId: 'ann', inserted: 6, deleted: 3 });
    expect(textOf(changes.map((change) => change.update))).toBe('abcde');
  });

  it('keeps authors apart', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence);
    const [first, second] = typing(['ann wrote ', 'ben wrote']);
    batcher.add('ann', first ?? new Uint8Array(), { inserted: 10, deleted: 0 });
    batcher.add('ben', second ?? new Uint8Array(), { inserted: 9, deleted: 0 });

    await batcher.flush();

    expect(
      persistence.changesOf(DOC).map(({ authorId, inserted }) => ({ authorId, inserted })),
    ).toEqual([
      { authorId: 'ann', inserted: 10 },
      { authorId: 'ben', inserted: 9 },
    ]);
  });

  it('appends when the window closes', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence, { flushWindowMs: 10 });
    for (const update of typing(['a', 'b']))
      batcher.add('ann', update, { inserted: 1, deleted: 0 });
    expect(persistence.changesOf(DOC)).toHaveLength(0);

    await waitFor(() => persistence.changesOf(DOC).length === 1, 1000, 'the window to close');
    expect(batcher.pendingChanges).toBe(0);
  });

  it('stores every author of one window in one append, each change still attributed', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence, { flushWindowMs: 10 });
    const [ann, ben, cal] = typing(['ann ', 'ben ', 'cal']);
    batcher.add('ann', ann ?? new Uint8Array(), { inserted: 4, deleted: 0 });
    batcher.add('ben', ben ?? new Uint8Array(), { inserted: 4, deleted: 0 });
    batcher.add('cal', cal ?? new Uint8Array(), { inserted: 3, deleted: 0 });

    await waitFor(() => persistence.changesOf(DOC).length === 3, 1000, 'the window to close');
    expect(persistence.appendCalls).toBe(1);
    expect(persistence.changesOf(DOC).map((change) => change.authorId)).toEqual([
      'ann',
      'ben',
      'cal',
    ]);
  });

  it('closes a batch early once it holds flushMaxBytes', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence, { flushMaxBytes: 1 });
    for (const update of typing(['a', 'b', 'c']))
      batcher.add('ann', update, { inserted: 1, deleted: 0 });

    await waitFor(() => persistence.changesOf(DOC).length === 3, 1000, 'three early appends');
    expect(persistence.maxAppendsInFlight).toBe(1);
  });

  it('retries a failed append, keeping the order, and logs each failure', async () => {
    const persistence = new InMemoryPersistence();
    persistence.failNextAppends(2);
    const { batcher, logger } = makeBatcher(persistence, { flushMaxBytes: 1 });
    const updates = typing(['first ', 'second']);
    for (const update of updates) batcher.add('ann', update, { inserted: 1, deleted: 0 });

    await batcher.flush();

    expect(persistence.changesOf(DOC).map((change) => change.update)).toEqual(updates);
    expect(logger.errors).toHaveLength(2);
  });

  it('retries a batch whose reply was lost under the same changeId, so it is stored once', async () => {
    const persistence = new InMemoryPersistence();
    persistence.loseNextReplies(2);
    const { batcher, logger } = makeBatcher(persistence);
    for (const update of typing(['once'])) batcher.add('ann', update, { inserted: 4, deleted: 0 });

    await batcher.flush();

    const [first, ...retries] = persistence.attemptedChangeIds;
    expect(retries).toEqual([first, first]);
    expect(persistence.changesOf(DOC)).toEqual([
      expect.objectContaining({ changeId: first, authorId: 'ann', inserted: 4 }),
    ]);
    expect(logger.errors).toHaveLength(2);
  });

  it('gives each batch its own changeId', async () => {
    const persistence = new InMemoryPersistence();
    const { batcher } = makeBatcher(persistence, { flushMaxBytes: 1 });
    for (const update of typing(['a', 'b', 'c']))
      batcher.add('ann', update, { inserted: 1, deleted: 0 });

    await batcher.flush();

    const ids = persistence.changesOf(DOC).map((change) => change.changeId);
    expect(new Set(ids).size).toBe(3);
  });

  it('reports unsaved changes when stopped, and rejects a flush still waiting', async () => {
    const persistence = new InMemoryPersistence();
    persistence.failNextAppends(Number.POSITIVE_INFINITY);
    const { batcher } = makeBatcher(persistence);
    for (const update of typing(['lost'])) batcher.add('ann', update, { inserted: 4, deleted: 0 });

    const flushed = batcher.flush();
    await waitFor(() => persistence.appendCalls >= 2, 1000, 'a retry');

    expect(batcher.stop()).toBe(1);
    await expect(flushed).rejects.toThrow('1 unsaved change');
  });
});

describe('window ends', () => {
  /** Batchers of 600-ms windows on one store and one beat, under a clock starting at `now`. */
  async function withManualClock(
    now: number,
    docIds: string[],
    body: (
      batchers: UpdateBatcher[],
      persistence: InMemoryPersistence,
      clock: ManualClock,
      beats: number[],
    ) => Promise<void>,
  ): Promise<void> {
    const clock = new ManualClock(now);
    const beats: number[] = [];
    const beat = new WindowBeat({ clock, afterBeat: () => beats.push(clock.now()) });
    const persistence = new InMemoryPersistence();
    const logger = new RecordingLogger();
    const batchers = docIds.map(
      (docId) =>
        new UpdateBatcher(docId, persistence, {
          flushWindowMs: 600,
          flushMaxBytes: 1024,
          logger,
          beat,
        }),
    );
    try {
      await body(batchers, persistence, clock, beats);
    } finally {
      batchers.forEach((batcher) => batcher.stop());
    }
  }
  const [typed] = typing(['x']);
  const update = typed ?? new Uint8Array();

  it('closes every window that ends on the same beat with one timer, in one turn', async () => {
    // 600-ms windows end on a 300-ms beat: 999,900 starts one, 1,000,200 the next.
    await withManualClock(999_910, ['a', 'b', 'c'], async (batchers, persistence, clock, beats) => {
      batchers.forEach((batcher, index) => {
        if (index > 0) clock.advance(120);
        batcher.add('ann', update, { inserted: 1, deleted: 0 });
      });
      expect(clock.pendingTimers).toBe(1);

      clock.advance(600);
      // Every window's change went to the store in the turn the beat ended, before anything awaited.
      expect(persistence.appendCalls).toBe(3);
      expect(beats).toEqual([1_000_500]);
      await Promise.all(batchers.map((batcher) => batcher.flush()));

      expect(['a', 'b', 'c'].map((docId) => persistence.changesOf(docId).length)).toEqual([
        1, 1, 1,
      ]);
      expect(clock.pendingTimers).toBe(0);
    });
  });

  it('cancels the beat’s timer once every window on it has closed early', async () => {
    await withManualClock(999_910, ['a', 'b'], async ([first, second], _persistence, clock) => {
      first?.add('ann', update, { inserted: 1, deleted: 0 });
      second?.add('ann', update, { inserted: 1, deleted: 0 });
      await first?.flush();
      expect(clock.pendingTimers).toBe(1);
      await second?.flush();
      expect(clock.pendingTimers).toBe(0);
    });
  });
});
