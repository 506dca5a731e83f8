import { randomUUID } from 'node:crypto';
import { expect, it, jest } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { ProjectLocked, ProjectUnlocked } from '@commonplace/domain';
import { COLLAB_CLOSE, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { waitFor } from '../collab/collab.testing.js';
import type { SqlDatabase } from '../database/sql-database.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE, SQL_DATABASE } from '../store/store.tokens.js';
import { EventLogDocumentPersistence } from './event-log-document.persistence.js';
import { appHarness, describeOnEveryStore } from './workspace-app.testing.js';
import { WorkspaceCollab } from './workspace-collab.service.js';

// Setting up a classroom on PGlite takes seconds on a busy machine; the 1 s bounds below are what is tested.
jest.setTimeout(30_000);

await describeOnEveryStore('locking a project for assessment', (openStore) => {
  const harness = appHarness(openStore);

  it('closes writers with 4409 within a second of ProjectLocked, serves fresh connections read-only, and lets them write again after ProjectUnlocked', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana, ben] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');
    const [row] = await app.nest
      .get<SqlDatabase>(SQL_DATABASE)
      .query<{ project_id: string }>('SELECT project_id FROM rm_workspaces WHERE doc_id = $1', [
        docId,
      ]);
    const projectId = row?.project_id;
    if (projectId === undefined) throw new Error('the workspace has no project');
    const store = app.nest.get<EventStore>(EVENT_STORE);
    const record = (event: ProjectLocked | ProjectUnlocked) =>
      store.appendToStream(streams.project(projectId), [
        { id: randomUUID(), type: event.type, data: event.data, metadata: { by: teacher.id } },
      ]);

    const anaDoc = harness.connectDoc(url, docId, ana.token);
    const benDoc = harness.connectDoc(url, docId, ben.token);
    const teacherDoc = harness.connectDoc(url, docId, teacher.token);
    await waitFor(
      () => anaDoc.provider.synced && benDoc.provider.synced && teacherDoc.provider.synced,
      10_000,
      'everyone synced',
    );
    anaDoc.text.insert(0, 'Draft. ');
    await waitFor(() => benDoc.text.toString() === 'Draft. ', 5_000, 'ana’s draft to reach ben');

    const lockedAt = performance.now();
    await record({
      type: 'ProjectLocked',
      data: { projectId, lockedBy: teacher.id, lockedAt: new Date().toISOString() },
    });
    await waitFor(
      () => anaDoc.closes.length > 0 && benDoc.closes.length > 0,
      1_000,
      'both writers’ connections to close within a second',
    );
    for (const client of [anaDoc, benDoc]) {
      expect(client.closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
      expect((client.closes[0]?.at ?? Infinity) - lockedAt).toBeLessThan(1_000);
    }
    // The teacher was only watching: nothing changed for them.
    expect(teacherDoc.closes).toEqual([]);

    // What the web app does on 4409: fetch access again and reconnect. The doc is read-only now.
    const anaAgain = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => anaAgain.provider.synced, 5_000, 'ana to reconnect');
    expect(anaAgain.text.toString()).toBe('Draft. ');
    // Refused by the server, not the UI: had it been taken, the teacher would see it before "Final." below.
    anaAgain.text.insert(0, 'Sneaky edit. ');
    const collab = app.nest.get(WorkspaceCollab);
    expect(collab.endpoint.connectionsOn(docId).map((c) => c.access)).not.toContain('read-write');

    await record({
      type: 'ProjectUnlocked',
      data: { projectId, unlockedBy: teacher.id, unlockedAt: new Date().toISOString() },
    });
    await waitFor(
      () => anaAgain.closes.length > 0,
      1_000,
      'ana’s read-only connection to close within a second of the unlock',
    );
    expect(anaAgain.closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
    expect(teacherDoc.closes).toEqual([]);
    expect(teacherDoc.text.toString()).toBe('Draft. ');

    const anaUnlocked = harness.connectDoc(url, docId, ana.token);
    await waitFor(() => anaUnlocked.provider.synced, 5_000, 'ana to reconnect after the unlock');
    anaUnlocked.text.insert(anaUnlocked.text.length, 'Final.');
    await waitFor(
      () => teacherDoc.text.toString().endsWith('Final.'),
      5_000,
      'ana’s edit after the unlock to reach the teacher',
    );
    expect(teacherDoc.text.toString()).toBe('Draft. Final.');
    await collab.endpoint.flushAll();
    const stored = new Y.Doc();
    for (const update of await app.nest.get(EventLogDocumentPersistence).load(docId))
      Y.applyUpdate(stored, update);
    expect(stored.getText(WORKSPACE_TEXT).toString()).toBe('Draft. Final.');
  });
});
