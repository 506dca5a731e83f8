import { describe, expect, it } from '@jest/globals';
import { WORKSPACE_FRAGMENT, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import type { ReplayChange } from './replay-engine';
import { ReplayEngine, textOfLines } from './replay-engine';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Each author writes only their own letters, so a character names its writer. */
const ALPHABETS: Record<string, string> = { ana: 'abcdefg', ben: 'HIJKLMN', cal: '0123456' };
const authorOfChar = (char: string) =>
  Object.entries(ALPHABETS).find(([, letters]) => letters.includes(char))?.[0] ?? null;

/**
 * `count` edits by three writers on their own Y.Docs; each edit reaches the others at once,
 * except that every so often two writers edit at the same time before they sync.
 */
function writeChanges(count: number, seed: number): ReplayChange[] {
  const next = random(seed);
  const writers = Object.keys(ALPHABETS).map((authorId) => ({ authorId, doc: new Y.Doc() }));
  const changes: ReplayChange[] = [];
  const pending: Array<{ from: Y.Doc; update: Uint8Array }> = [];
  const edit = (writer: { authorId: string; doc: Y.Doc }) => {
    const text = writer.doc.getText(WORKSPACE_TEXT);
    let inserted = 0;
    let deleted = 0;
    const captured: { update?: Uint8Array } = {};
    writer.doc.once('update', (update: Uint8Array) => (captured.update = update));
    if (text.length > 20 && next() < 0.35) {
      const at = Math.floor(next() * (text.length - 1));
      deleted = Math.min(text.length - at, 1 + Math.floor(next() * 4));
      text.delete(at, deleted);
    } else {
      const letters = ALPHABETS[writer.authorId] ?? '';
      const word = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        next() < 0.1 ? '\n' : letters[Math.floor(next() * letters.length)],
      ).join('');
      text.insert(Math.floor(next() * (text.length + 1)), word);
      inserted = word.length;
    }
    if (captured.update === undefined) throw new Error('the edit changed nothing');
    changes.push({
      revision: changes.length * 2, // snapshots sit between changes in a real stream
      authorId: writer.authorId,
      update: captured.update,
      inserted,
      deleted,
    });
    pending.push({ from: writer.doc, update: captured.update });
  };
  const sync = () => {
    for (const { from, update } of pending.splice(0)) {
      for (const { doc } of writers) if (doc !== from) Y.applyUpdate(doc, update);
    }
  };
  while (changes.length < count) {
    const first = writers[Math.floor(next() * writers.length)];
    if (first === undefined) continue;
    edit(first);
    if (next() < 0.05 && changes.length < count) {
      const second = writers.find((writer) => writer !== first);
      if (second !== undefined) edit(second);
    }
    sync();
  }
  return changes;
}

function replayFromEmpty(changes: readonly ReplayChange[], count: number): string {
  const doc = new Y.Doc();
  changes.slice(0, count).forEach((change) => Y.applyUpdate(doc, change.update));
  const text = doc.getText(WORKSPACE_TEXT).toString();
  doc.destroy();
  return text;
}

describe('history replay engine', () => {
  const changes = writeChanges(10_000, 7);
  const engine = new ReplayEngine(changes, 100);

  it('rebuilds the document after any change exactly as a replay from empty does', () => {
    const next = random(42);
    const counts = [0, 1, 99, 100, 101, 10_000, ...Array.from({ length: 8 }, () => next())].map(
      (value) => (value < 1 && value > 0 ? Math.floor(value * 10_001) : value),
    );
    for (const count of counts) {
      expect(textOfLines(engine.linesAfter(count))).toBe(replayFromEmpty(changes, count));
    }
  });

  it('scrubbing forward step by step and back again gives the same documents as a fresh start', () => {
    const steps = [4_000, 4_007, 4_050, 4_099, 4_150, 4_149, 3_000, 3_001, 9_999];
    for (const count of steps) {
      const fresh = engine.docAfter(count);
      const expected = fresh.getText(WORKSPACE_TEXT).toString();
      fresh.destroy();
      expect(textOfLines(engine.linesAfter(count))).toBe(expected);
    }
  });

  it('attributes every character to the author whose client wrote it', () => {
    for (const count of [500, 5_000, 10_000]) {
      const lines = engine.linesAfter(count);
      let characters = 0;
      for (const run of lines.flat()) {
        for (const char of run.text) {
          expect(run.authorId).toBe(authorOfChar(char));
          characters++;
        }
      }
      expect(characters).toBeGreaterThan(0);
    }
  });

  it('sums inserted and deleted characters per author over a range, in either direction', () => {
    const totals = engine.totals(2_000, 1_000);
    for (const authorId of Object.keys(ALPHABETS)) {
      const mine = changes.slice(1_000, 2_000).filter((change) => change.authorId === authorId);
      expect(totals.get(authorId)).toEqual({
        inserted: mine.reduce((sum, change) => sum + change.inserted, 0),
        deleted: mine.reduce((sum, change) => sum + change.deleted, 0),
        changes: mine.length,
      });
    }
    expect(engine.totals(5, 5).size).toBe(0);
  });

  it('finds how many changes stand at a pinned revision (a submission)', () => {
    expect(engine.countAtRevision(-1)).toBe(0);
    expect(engine.countAtRevision(0)).toBe(1);
    expect(engine.countAtRevision(3)).toBe(2); // revision 3 is a snapshot after change 2
    expect(engine.countAtRevision(19_998)).toBe(10_000);
    expect(engine.countAtRevision(1e9)).toBe(10_000);
  });

  it('reads the rich-text fragment block by block with each run’s author', () => {
    const ana = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const anaText = new Y.XmlText();
    paragraph.insert(0, [anaText]);
    ana.getXmlFragment(WORKSPACE_FRAGMENT).insert(0, [paragraph]);
    anaText.insert(0, 'Rivers carry sediment.');
    const first = Y.encodeStateAsUpdate(ana);
    const ben = new Y.Doc();
    Y.applyUpdate(ben, first);
    const benFirst = ben.getXmlFragment(WORKSPACE_FRAGMENT).get(0);
    const benText = benFirst instanceof Y.XmlElement ? benFirst.get(0) : null;
    if (!(benText instanceof Y.XmlText)) throw new Error('the paragraph did not sync');
    const before = Y.encodeStateVector(ben);
    benText.insert(7, 'always ');
    const second = Y.encodeStateAsUpdate(ben, before);

    const replay = new ReplayEngine(
      [
        { revision: 0, authorId: 'ana', update: first, inserted: 22, deleted: 0 },
        { revision: 1, authorId: 'ben', update: second, inserted: 7, deleted: 0 },
      ],
      1,
    );
    expect(replay.linesAfter(2)).toEqual([
      [
        { text: 'Rivers ', authorId: 'ana' },
        { text: 'always ', authorId: 'ben' },
        { text: 'carry sediment.', authorId: 'ana' },
      ],
    ]);
    expect(replay.linesAfter(1)).toEqual([[{ text: 'Rivers carry sediment.', authorId: 'ana' }]]);
    expect(replay.linesAfter(0)).toEqual([]);
  });
});

describe('deleted text in the replay', () => {
  /** Ana writes a line in the editor's fragment; Ben deletes a word of it, then Ana one of hers. */
  function edits(): ReplayChange[] {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    const changes: ReplayChange[] = [];
    const record = (doc: Y.Doc, authorId: string, edit: () => void) => {
      const captured: { update?: Uint8Array } = {};
      doc.once('update', (update: Uint8Array) => (captured.update = update));
      doc.transact(edit);
      if (!captured.update) throw new Error('no update');
      changes.push({
        revision: changes.length,
        authorId,
        update: captured.update,
        inserted: 0,
        deleted: 0,
      });
      for (const other of [ana, ben]) if (other !== doc) Y.applyUpdate(other, captured.update);
    };
    record(ana, 'ana', () => {
      const paragraph = new Y.XmlElement('paragraph');
      ana.getXmlFragment(WORKSPACE_FRAGMENT).insert(0, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, 'Otters really hold hands');
    });
    const lineOf = (doc: Y.Doc) =>
      (doc.getXmlFragment(WORKSPACE_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    record(ben, 'ben', () => lineOf(ben).delete('Otters '.length, 'really '.length));
    record(ana, 'ana', () => lineOf(ana).delete(0, 'Otters '.length));
    return changes;
  }

  it('keeps deleted text in its place, with its writer and who deleted it, for the changes asked about', () => {
    const engine = new ReplayEngine(edits(), 2);
    expect(engine.linesAfter(3, { from: 0 })).toEqual([
      [
        { text: 'Otters ', authorId: 'ana', deletedBy: 'ana' },
        { text: 'really ', authorId: 'ana', deletedBy: 'ben' },
        { text: 'hold hands', authorId: 'ana' },
      ],
    ]);
    // Only the deletions of changes from the third on: Ben's is left out; none without a window.
    expect(engine.linesAfter(3, { from: 2 })).toEqual([
      [
        { text: 'Otters ', authorId: 'ana', deletedBy: 'ana' },
        { text: 'hold hands', authorId: 'ana' },
      ],
    ]);
    expect(engine.linesAfter(3)).toEqual([[{ text: 'hold hands', authorId: 'ana' }]]);
    // Before Ana's deletion, her words are live again, and Ben's deletion is still shown.
    expect(engine.linesAfter(2, { from: 0 })).toEqual([
      [
        { text: 'Otters ', authorId: 'ana' },
        { text: 'really ', authorId: 'ana', deletedBy: 'ben' },
        { text: 'hold hands', authorId: 'ana' },
      ],
    ]);
    expect(textOfLines(engine.linesAfter(3, { from: 0 }))).toBe('hold hands');
  });
});
