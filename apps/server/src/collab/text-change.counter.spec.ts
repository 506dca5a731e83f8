import { describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import { countTextChanges } from './text-change.counter.js';
import type { TextChangeCounts } from './text-change.counter.js';

/** Records the counts of every transaction on `doc`, as the document does in afterTransaction. */
function recordCounts(doc: Y.Doc): TextChangeCounts[] {
  const counts: TextChangeCounts[] = [];
  doc.on('afterTransaction', (transaction) => counts.push(countTextChanges(transaction)));
  return counts;
}

describe('countTextChanges', () => {
  it('counts the characters a transaction inserts', () => {
    const doc = new Y.Doc();
    const counts = recordCounts(doc);
    doc.getText('content').insert(0, 'hello');
    expect(counts).toEqual([{ inserted: 5, deleted: 0 }]);
  });

  it('counts deleted characters, whoever wrote them', () => {
    const writer = new Y.Doc();
    writer.getText('content').insert(0, 'hello world');
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(writer));
    const counts = recordCounts(editor);

    editor.transact(() => {
      editor.getText('content').delete(0, 6);
      editor.getText('content').insert(0, 'hi ');
    });

    expect(counts).toEqual([{ inserted: 3, deleted: 6 }]);
  });

  it('counts a remote update once, not again when it is re-sent', () => {
    const author = new Y.Doc();
    author.getText('content').insert(0, 'typed offline');
    const update = Y.encodeStateAsUpdate(author);
    const server = new Y.Doc();
    const counts = recordCounts(server);

    Y.applyUpdate(server, update);
    Y.applyUpdate(server, update);

    expect(counts).toEqual([
      { inserted: 13, deleted: 0 },
      { inserted: 0, deleted: 0 },
    ]);
  });

  it('counts a remote delete, and text typed and deleted before syncing as neither', () => {
    const author = new Y.Doc();
    const server = new Y.Doc();
    author.getText('content').insert(0, 'draft');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(author));
    const counts = recordCounts(server);
    const before = Y.encodeStateVector(server);

    author.transact(() => {
      author.getText('content').delete(0, 5);
      author.getText('content').insert(0, 'oops');
    });
    author.getText('content').delete(0, 4);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(author, before));

    // The author's doc collected "oops" before it was sent: only its length, not its text, arrives.
    expect(counts).toEqual([{ inserted: 0, deleted: 5 }]);
  });

  it('counts text inside an XML fragment, as the rich-text editor stores it', () => {
    const doc = new Y.Doc();
    const counts = recordCounts(doc);
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      doc.getXmlFragment('content').insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText('abc')]);
    });
    expect(counts).toEqual([{ inserted: 3, deleted: 0 }]);
  });

  it('ignores what is not text: formatting, embeds and map values', () => {
    const doc = new Y.Doc();
    const counts = recordCounts(doc);
    doc.transact(() => {
      doc.getText('content').insert(0, 'bold', { bold: true });
      doc.getText('content').insertEmbed(4, { image: 'cat.png' });
      doc.getMap('meta').set('title', 'A long title that is not body text');
    });
    expect(counts).toEqual([{ inserted: 4, deleted: 0 }]);
  });
});
