import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { diffText } from './text-diff';
import {
  applyTextChange,
  captureSelection,
  caretAfterDelta,
  resolveSelection,
} from './ytext-binding';
import type { SelectionRange } from './ytext-binding';

const LOCAL = { local: true };

/** Two browsers editing the same document, with updates delivered only when we say so. */
function twoPeers(initial: string) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.getText('content').insert(0, initial);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  };
  return { a: a.getText('content'), b: b.getText('content'), sync };
}

/** What the binding does on input: diff against the document and apply one change. */
function type(ytext: Y.Text, value: string, caret: number) {
  const change = diffText(ytext.toString(), value, caret);
  if (change) applyTextChange(ytext, change, LOCAL);
}

const caret = (at: number): SelectionRange => ({ start: at, end: at, direction: 'none' });

describe('applyTextChange', () => {
  it('sends a local edit as a single update', () => {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    text.insert(0, 'the cat sat');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));

    type(text, 'the dog sat', 7);

    expect(text.toString()).toBe('the dog sat');
    expect(updates).toHaveLength(1);
  });
});

describe('selection anchoring', () => {
  it('keeps the caret after the same word when someone types before it', () => {
    const { a, b, sync } = twoPeers('Hello world');
    const anchored = captureSelection(a, caret(5)); // after "Hello"
    type(b, '>> Hello world', 3);
    sync();
    expect(resolveSelection(a, anchored)).toEqual(caret(8));
  });

  it('leaves the caret alone when someone types after it', () => {
    const { a, b, sync } = twoPeers('Hello world');
    const anchored = captureSelection(a, caret(5));
    type(b, 'Hello world!!', 13);
    sync();
    expect(resolveSelection(a, anchored)).toEqual(caret(5));
  });

  it('keeps two people typing at the same spot from interleaving their letters', () => {
    const { a, b, sync } = twoPeers('Notes: ');
    let caretA = 7;
    let caretB = 7;
    for (const [charA, charB] of [
      ['c', 'D'],
      ['a', 'O'],
      ['t', 'G'],
    ] as const) {
      type(a, a.toString().slice(0, caretA) + charA + a.toString().slice(caretA), caretA + 1);
      type(b, b.toString().slice(0, caretB) + charB + b.toString().slice(caretB), caretB + 1);
      const anchoredA = captureSelection(a, caret(caretA + 1));
      const anchoredB = captureSelection(b, caret(caretB + 1));
      sync();
      caretA = resolveSelection(a, anchoredA)?.end ?? -1;
      caretB = resolveSelection(b, anchoredB)?.end ?? -1;
    }
    expect(a.toString()).toBe(b.toString());
    expect(a.toString()).toMatch(/^Notes: (catDOG|DOGcat)$/);
  });

  it('does not grow a selection when text is inserted at its edges', () => {
    const { a, b, sync } = twoPeers('one two three');
    const anchored = captureSelection(a, { start: 4, end: 7, direction: 'forward' }); // "two"
    type(b, 'one [two three', 5);
    type(b, 'one [two] three', 9);
    sync();
    const selection = resolveSelection(a, anchored);
    expect(selection).toEqual({ start: 5, end: 8, direction: 'forward' });
    expect(a.toString().slice(selection?.start, selection?.end)).toBe('two');
  });

  it('collapses a selection whose text someone else deleted', () => {
    const { a, b, sync } = twoPeers('keep drop keep');
    const anchored = captureSelection(a, { start: 5, end: 9, direction: 'forward' });
    type(b, 'keep  keep', 5);
    sync();
    expect(resolveSelection(a, anchored)).toEqual({ start: 5, end: 5, direction: 'forward' });
  });
});

describe('caretAfterDelta', () => {
  it('puts the caret after re-inserted text and at removed text', () => {
    expect(caretAfterDelta([{ retain: 3 }, { insert: 'abc' }])).toBe(6);
    expect(caretAfterDelta([{ retain: 2 }, { delete: 4 }])).toBe(2);
    expect(caretAfterDelta([])).toBeNull();
  });
});
