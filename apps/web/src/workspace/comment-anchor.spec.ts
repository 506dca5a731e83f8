import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { anchorOf, placesOf } from './comment-anchor';

/** A document with one paragraph, as the editor writes it: a fragment holding an XmlText. */
function paragraphDoc(text: string): { doc: Y.Doc; line: Y.XmlText } {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  const line = new Y.XmlText();
  paragraph.insert(0, [line]);
  line.insert(0, text);
  return { doc, line };
}

/** The same document in a second browser: every update passed both ways, as the server relays them. */
function connect(a: Y.Doc): { doc: Y.Doc; line: Y.XmlText; sync: () => void } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(a));
  const paragraph = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
  return {
    doc,
    line: paragraph.get(0) as Y.XmlText,
    sync() {
      const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(doc));
      const toA = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(a));
      Y.applyUpdate(doc, toB);
      Y.applyUpdate(a, toA);
    },
  };
}

/** The passage's text now, in one browser's copy. */
function passage(doc: Y.Doc, line: Y.XmlText, anchor: ReturnType<typeof anchorOf>): string {
  const places = placesOf(doc, anchor);
  if (!places) throw new Error('the anchor did not resolve');
  expect(places.from.type).toBe(line);
  return line.toString().slice(places.from.index, places.to.index);
}

describe('a comment’s anchor', () => {
  const text = 'Otters hold hands while they sleep so they do not drift apart.';
  const quote = 'hold hands while they sleep';

  it('stays on its passage while two browsers insert before, inside and after it at once', () => {
    const a = paragraphDoc(text);
    const b = connect(a.doc);
    const from = text.indexOf(quote);
    // Ana comments in her browser; the anchor is stored and read back in Ben's.
    const anchor = anchorOf(
      { type: a.line, index: from },
      { type: a.line, index: from + quote.length },
    );
    expect(passage(a.doc, a.line, anchor)).toBe(quote);

    // Concurrently, before either hears of the other: Ana types inside, Ben before and after,
    // right up against both ends of the passage.
    a.line.insert(from + 'hold hands'.length, ' tightly');
    b.line.insert(from + quote.length, ' at night');
    b.line.insert(from, 'always ');
    b.line.insert(0, 'Sea ');
    b.sync();

    expect(a.line.toString()).toBe(b.line.toString());
    expect(a.line.toString()).toBe(
      'Sea Otters always hold hands tightly while they sleep at night so they do not drift apart.',
    );
    for (const side of [a, b]) {
      expect(passage(side.doc, side.line, anchor)).toBe('hold hands tightly while they sleep');
    }
  });

  it('shrinks with text deleted from its edges and keeps its place when deleted whole', () => {
    const a = paragraphDoc(text);
    const b = connect(a.doc);
    const from = text.indexOf(quote);
    const anchor = anchorOf(
      { type: a.line, index: from },
      { type: a.line, index: from + quote.length },
    );
    // Ben deletes "hold " (the first word) and Ana deletes "Otters " meanwhile.
    b.line.delete(from, 'hold '.length);
    a.line.delete(0, 'Otters '.length);
    b.sync();
    expect(passage(b.doc, b.line, anchor)).toBe('hands while they sleep');

    b.line.delete(0, b.line.length);
    b.line.insert(0, 'Something else entirely.');
    b.sync();
    for (const side of [a, b]) {
      const places = placesOf(side.doc, anchor);
      expect(places).not.toBeNull();
      expect(places?.to.index).toBeLessThanOrEqual(places?.from.index ?? -1);
    }
  });

  it('reads as nothing when the stored anchor is not a relative position', () => {
    const { doc } = paragraphDoc(text);
    expect(placesOf(doc, { start: 'bm90IGEgcG9zaXRpb24=', end: 'AQ==' })).toBeNull();
  });
});
