import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type {
  DocumentHistoryPage,
  DocumentReplayPage,
  DocumentRevision,
} from '@commonplace/shared';
import { HISTORY_LIMITS, WORKSPACE_FRAGMENT, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { waitFor } from '../collab/collab.testing.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { appHarness, describeOnEveryStore } from './workspace-app.testing.js';
import type { TestDocClient } from './workspace-app.testing.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

await describeOnEveryStore('workspace history', (openStore) => {
  const harness = appHarness(openStore);

  it('lists each stored change with its author and counts, and rebuilds the text after any revision', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const cal = await harness.person(app, url, 'cal', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben], Herons: [cal] });
    const docId = groups.Otters?.docId ?? '';
    const endpoint = app.nest.get(WorkspaceCollab).endpoint;

    const anaDoc = harness.connectDoc(url, docId, ana.token);
    const benDoc = harness.connectDoc(url, docId, ben.token);
    await waitFor(() => anaDoc.provider.synced && benDoc.provider.synced, 10_000, 'both synced');
    /** One edit, seen by the other writer (so the server has it), then stored as its own change. */
    const step = async (by: TestDocClient, other: TestDocClient, edit: (text: Y.Text) => void) => {
      edit(by.text);
      const expected = by.text.toString();
      await waitFor(() => other.text.toString() === expected, 10_000, 'the edit to arrive');
      await endpoint.flushAll();
      return expected;
    };
    const texts = [
      await step(anaDoc, benDoc, (t) => t.insert(0, 'Rivers carry sediment.')),
      await step(benDoc, anaDoc, (t) => t.insert(t.length, ' Trout need oxygen.')),
      await step(anaDoc, benDoc, (t) => t.delete(0, 7)),
    ];

    const history = await ana.api<DocumentHistoryPage>('GET', `/workspaces/${docId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.changes).toEqual([
      expect.objectContaining({
        revision: 2,
        authorId: ana.id,
        authorDisplayName: 'ana',
        inserted: 0,
        deleted: 7,
      }),
      expect.objectContaining({
        revision: 1,
        authorId: ben.id,
        authorDisplayName: 'ben',
        inserted: 19,
        deleted: 0,
      }),
      expect.objectContaining({
        revision: 0,
        authorId: ana.id,
        authorDisplayName: 'ana',
        inserted: 22,
        deleted: 0,
      }),
    ]);
    expect(history.body.nextBefore).toBeNull();
    for (const change of history.body.changes) expect(Date.parse(change.at)).not.toBeNaN();

    for (const [revision, text] of texts.entries()) {
      const at = await ana.api<DocumentRevision>('GET', `/workspaces/${docId}/history/${revision}`);
      expect(at).toEqual(expect.objectContaining({ status: 200, body: { docId, revision, text } }));
    }

    // Pages walk back through `nextBefore`.
    const first = await ana.api<DocumentHistoryPage>('GET', `/workspaces/${docId}/history?limit=2`);
    expect(first.body.changes.map((c) => c.revision)).toEqual([2, 1]);
    expect(first.body.nextBefore).toBe(1);
    const second = await ana.api<DocumentHistoryPage>(
      'GET',
      `/workspaces/${docId}/history?limit=2&before=1`,
    );
    expect(second.body.changes.map((c) => c.revision)).toEqual([0]);
    expect(second.body.nextBefore).toBeNull();

    // The teacher may read it; anyone else gets exactly the workspace route's refusal.
    expect((await teacher.api('GET', `/workspaces/${docId}/history`)).status).toBe(200);
    const refused = await cal.api('GET', `/workspaces/${docId}/history`);
    const workspaceRefusal = await cal.api('GET', `/workspaces/${docId}`);
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(workspaceRefusal.body);
    expect((await cal.api('GET', `/workspaces/${docId}/history/0`)).body).toEqual(
      workspaceRefusal.body,
    );
    expect((await harness.client(url)('GET', `/workspaces/${docId}/history`)).status).toBe(401);
    expect((await ana.api('GET', `/workspaces/${docId}/history/3`)).status).toBe(404);
    expect((await ana.api('GET', `/workspaces/${docId}/history/-1`)).status).toBe(400);
  }, 60_000);

  it('skips snapshots in the list and rebuilds every revision across them', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId ?? '';
    // Written straight to the log with a small snapshot interval, as a long-lived doc would be.
    const persistence = new EventLogDocumentPersistence(app.store.events, { snapshotEvery: 3 });
    await persistence.load(docId);
    const writer = new Y.Doc();
    const text = writer.getText(WORKSPACE_TEXT);
    const expected = new Map<number, { text: string; authorId: string }>();
    for (let index = 0; index < 8; index++) {
      const authorId = index % 2 === 0 ? ana.id : ben.id;
      const captured: { update?: Uint8Array } = {};
      writer.once('update', (update: Uint8Array) => (captured.update = update));
      if (index % 3 === 2) text.delete(0, 1);
      else text.insert(text.length, `${index}`);
      const { update } = captured;
      if (update === undefined) throw new Error('the edit changed nothing');
      await persistence.append(docId, {
        changeId: randomUUID(),
        authorId,
        update,
        inserted: 0,
        deleted: 0,
      });
      const stream = await app.store.events.readStream(streams.document(docId), {
        direction: 'backwards',
        maxCount: 2,
      });
      const stored = stream.find((event) => event.type === 'DocumentUpdated');
      if (!stored) throw new Error('the change is not in the stream');
      expected.set(stored.revision, { text: text.toString(), authorId });
    }

    const stream = await app.store.events.readStream(streams.document(docId));
    expect(stream.filter((event) => event.type === 'DocumentSnapshotted')).toHaveLength(2);
    const history = await ana.api<DocumentHistoryPage>(
      'GET',
      `/workspaces/${docId}/history?limit=3`,
    );
    const all = [...history.body.changes];
    let before = history.body.nextBefore;
    while (before !== null) {
      const page = await ana.api<DocumentHistoryPage>(
        'GET',
        `/workspaces/${docId}/history?limit=3&before=${before}`,
      );
      all.push(...page.body.changes);
      before = page.body.nextBefore;
    }
    expect(all.map((change) => [change.revision, change.authorId])).toEqual(
      [...expected].reverse().map(([revision, { authorId }]) => [revision, authorId]),
    );
    for (const [revision, { text: after }] of expected) {
      const at = await ana.api<DocumentRevision>('GET', `/workspaces/${docId}/history/${revision}`);
      expect(at.body.text).toBe(after);
    }
  }, 60_000);
  it("renders the rich-text editor's paragraphs, headings and list items as lines of plain text", async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';
    const anaDoc = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => anaDoc.provider.synced, 10_000, 'synced');

    // The shape y-prosemirror writes for a Tiptap document, bold run and hard break included.
    const block = (name: string, ...children: Array<Y.XmlElement | Y.XmlText>) => {
      const element = new Y.XmlElement(name);
      element.insert(0, children);
      return element;
    };
    const text = (value: string, bold = false) => {
      const node = new Y.XmlText();
      node.insert(0, value, bold ? { bold: true } : {});
      return node;
    };
    const heading = block('heading', text('River report'));
    heading.setAttribute('level', '2');
    const fragment = anaDoc.doc.getXmlFragment(WORKSPACE_FRAGMENT);
    fragment.insert(0, [
      heading,
      block('paragraph', text('Rivers carry '), text('sediment', true), text('.')),
      block('paragraph'),
      block(
        'bulletList',
        block('listItem', block('paragraph', text('Trout'))),
        block(
          'listItem',
          block('paragraph', text('Heron'), new Y.XmlElement('hardBreak'), text('(wading)')),
        ),
      ),
    ]);
    // The fragment wins over the plain text, which only older documents have.
    anaDoc.text.insert(0, 'ignored once the fragment has content');
    // The observing teacher sees it, so the server has it; then it is stored.
    const teacherDoc = harness.connectDoc(url, docId, teacher.token);
    await waitFor(
      () =>
        teacherDoc.doc.getXmlFragment(WORKSPACE_FRAGMENT).length === 4 &&
        teacherDoc.text.length > 0,
      10_000,
      'the edit to reach the server',
    );
    await app.nest.get(WorkspaceCollab).endpoint.flushAll();
    const history = await ana.api<DocumentHistoryPage>('GET', `/workspaces/${docId}/history`);
    const latest = history.body.changes[0]?.revision ?? -1;

    const at = await ana.api<DocumentRevision>('GET', `/workspaces/${docId}/history/${latest}`);
    expect(at.status).toBe(200);
    expect(at.body.text).toBe('River report\nRivers carry sediment.\n\nTrout\nHeron\n(wading)');
  }, 60_000);
  it('pages every change oldest first with its update bytes, across snapshots, so a replay rebuilds the document', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const cal = await harness.person(app, url, 'cal', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben], Herons: [cal] });
    const docId = groups.Otters?.docId ?? '';
    // Snapshots every 3 changes are interleaved in the stream; the replay must skip them.
    const persistence = new EventLogDocumentPersistence(app.store.events, { snapshotEvery: 3 });
    await persistence.load(docId);
    const writers = { [ana.id]: new Y.Doc(), [ben.id]: new Y.Doc() };
    const authors: string[] = [];
    for (let index = 0; index < 8; index++) {
      const authorId = index % 2 === 0 ? ana.id : ben.id;
      const writer = writers[authorId] ?? new Y.Doc();
      const other = writers[authorId === ana.id ? ben.id : ana.id] ?? new Y.Doc();
      const captured: { update?: Uint8Array } = {};
      writer.once('update', (update: Uint8Array) => (captured.update = update));
      writer.getText(WORKSPACE_TEXT).insert(0, `${authorId === ana.id ? 'a' : 'b'}${index}`);
      const { update } = captured;
      if (update === undefined) throw new Error('the edit changed nothing');
      Y.applyUpdate(other, update);
      await persistence.append(docId, {
        changeId: randomUUID(),
        authorId,
        update,
        inserted: 2,
        deleted: 0,
      });
      authors.push(authorId);
    }
    const expectedText = writers[ana.id]?.getText(WORKSPACE_TEXT).toString();

    const pages: DocumentReplayPage[] = [];
    let after: number | null = null;
    do {
      const query: string = after === null ? '' : `&after=${after}`;
      const page = await ana.api<DocumentReplayPage>(
        'GET',
        `/workspaces/${docId}/replay?limit=3${query}`,
      );
      expect(page.status).toBe(200);
      pages.push(page.body);
      after = page.body.nextAfter;
    } while (after !== null && pages.length < 10);
    expect(pages.map((page) => page.updates.length)).toEqual([3, 3, 2]);
    const updates = pages.flatMap((page) => page.updates);
    const revisions = updates.map((update) => update.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(updates.map((update) => update.authorId)).toEqual(authors);
    expect(updates.map((update) => update.authorDisplayName)).toEqual(
      authors.map((id) => (id === ana.id ? 'ana' : 'ben')),
    );
    expect(updates.every((update) => update.inserted === 2 && update.deleted === 0)).toBe(true);
    const replayed = new Y.Doc();
    for (const { update } of updates) Y.applyUpdate(replayed, Buffer.from(update, 'base64'));
    expect(replayed.getText(WORKSPACE_TEXT).toString()).toBe(expectedText);

    // The teacher may read it; anyone else gets exactly the workspace route's refusal.
    expect((await teacher.api('GET', `/workspaces/${docId}/replay`)).status).toBe(200);
    const refused = await cal.api('GET', `/workspaces/${docId}/replay`);
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual((await cal.api('GET', `/workspaces/${docId}`)).body);
    expect((await harness.client(url)('GET', `/workspaces/${docId}/replay`)).status).toBe(401);
    const tooMany = await ana.api('GET', `/workspaces/${docId}/replay?limit=5000`);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('at most 1000');
    expect((await ana.api('GET', `/workspaces/${docId}/replay?after=-1`)).status).toBe(400);
  }, 60_000);

  it('cuts replay and history pages by update bytes as well as count, and goes on from nextAfter / nextBefore', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';
    // Three pastes of 0.4 MiB each, as one student pasting and deleting would store them.
    const persistence = new EventLogDocumentPersistence(app.store.events);
    await persistence.load(docId);
    const writer = new Y.Doc();
    const pasteBytes = Math.floor(HISTORY_LIMITS.maxPageUpdateBytes * 0.4);
    const sizes: number[] = [];
    for (const letter of ['a', 'b', 'c']) {
      const captured: { update?: Uint8Array } = {};
      writer.once('update', (update: Uint8Array) => (captured.update = update));
      writer.getText(WORKSPACE_TEXT).insert(0, letter.repeat(pasteBytes));
      if (captured.update === undefined) throw new Error('the paste changed nothing');
      sizes.push(captured.update.byteLength);
      await persistence.append(docId, {
        changeId: randomUUID(),
        authorId: ana.id,
        update: captured.update,
        inserted: pasteBytes,
        deleted: 0,
      });
    }

    // Asked for a thousand, the first page stops before its bytes would pass the budget.
    const first = await ana.api<DocumentReplayPage>(
      'GET',
      `/workspaces/${docId}/replay?limit=1000`,
    );
    expect(first.status).toBe(200);
    expect(first.body.updates.map((update) => update.revision)).toEqual([0, 1]);
    const firstBytes = first.body.updates.reduce(
      (sum, update) => sum + Buffer.byteLength(update.update, 'base64'),
      0,
    );
    expect(firstBytes).toBe((sizes[0] ?? 0) + (sizes[1] ?? 0));
    expect(firstBytes).toBeLessThanOrEqual(HISTORY_LIMITS.maxPageUpdateBytes);
    expect(first.body.nextAfter).toBe(1);
    const second = await ana.api<DocumentReplayPage>(
      'GET',
      `/workspaces/${docId}/replay?limit=1000&after=1`,
    );
    expect(second.body.updates.map((update) => update.revision)).toEqual([2]);
    expect(second.body.nextAfter).toBeNull();
    // Replaying every page rebuilds the document.
    const replayed = new Y.Doc();
    for (const update of [...first.body.updates, ...second.body.updates])
      Y.applyUpdate(replayed, Buffer.from(update.update, 'base64'));
    expect(replayed.getText(WORKSPACE_TEXT).toString()).toBe(
      writer.getText(WORKSPACE_TEXT).toString(),
    );

    // The history lists no bytes but reads them: its pages are cut the same way, newest first.
    const newest = await ana.api<DocumentHistoryPage>(
      'GET',
      `/workspaces/${docId}/history?limit=200`,
    );
    expect(newest.body.changes.map((change) => change.revision)).toEqual([2, 1]);
    expect(newest.body.nextBefore).toBe(1);
    const oldest = await ana.api<DocumentHistoryPage>(
      'GET',
      `/workspaces/${docId}/history?limit=200&before=1`,
    );
    expect(oldest.body.changes.map((change) => change.revision)).toEqual([0]);
    expect(oldest.body.nextBefore).toBeNull();
  }, 60_000);
});
