import { expect, it } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { DocumentUpdated } from '@commonplace/domain';
import type { SchoolView, SocketAck, WatchEnded } from '@commonplace/shared';
import { COLLAB_CLOSE, SOCKET_EVENTS, WORKSPACE_TEXT } from '@commonplace/shared';
import { io } from 'socket.io-client';
import * as Y from 'yjs';
import { waitFor } from '../collab/collab.testing.js';
import { WorkspaceCollab } from './workspace-collab.service.js';
import { appHarness, describeOnEveryStore } from './workspace-app.testing.js';

await describeOnEveryStore('live permission changes', (openStore) => {
  const harness = appHarness(openStore);

  it('closes a moved student’s live connection with 4403 within a second, and their later edits reach no one', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const ben = await harness.person(app, url, 'ben', 'student');
    const cal = await harness.person(app, url, 'cal', 'student');
    const { classroomId, groups } = await harness.classroom(teacher, {
      Otters: [ana, ben],
      Herons: [cal],
    });
    const otters = groups.Otters;
    const herons = groups.Herons;
    if (!otters || !herons) throw new Error('the classroom lacks its groups');

    const anaDoc = harness.connectDoc(url, otters.docId, ana.token);
    const benDoc = harness.connectDoc(url, otters.docId, ben.token);
    const teacherDoc = harness.connectDoc(url, otters.docId, teacher.token);
    await waitFor(
      () => anaDoc.provider.synced && benDoc.provider.synced && teacherDoc.provider.synced,
      10_000,
      'everyone synced',
    );
    anaDoc.text.insert(0, 'Rivers carry sediment. ');
    await waitFor(
      () => benDoc.text.toString() === 'Rivers carry sediment. ',
      10_000,
      'ben to see ana’s edit',
    );

    const moved = await teacher.api(
      'POST',
      `/classrooms/${classroomId}/groups/${herons.id}/members`,
      {
        studentId: ana.id,
      },
    );
    const answeredAt = performance.now();
    expect(moved.status).toBe(201);

    await waitFor(() => anaDoc.closes.length > 0, 5_000, 'ana’s connection to close');
    const [close] = anaDoc.closes;
    expect(close).toEqual(
      expect.objectContaining({
        code: COLLAB_CLOSE.forbidden.code,
        reason: COLLAB_CLOSE.forbidden.reason,
      }),
    );
    expect((close?.at ?? Infinity) - answeredAt).toBeLessThan(1000);
    // Only ana was affected: the others stay on the document.
    expect(benDoc.closes).toEqual([]);
    expect(teacherDoc.closes).toEqual([]);

    // Ana types on; the stock client does not reconnect after a 44xx close, and forcing it is refused.
    anaDoc.text.insert(anaDoc.text.length, 'SECRET AFTER REMOVAL');
    anaDoc.provider.connect();
    await waitFor(() => anaDoc.closes.length === 2, 5_000, 'ana’s reconnection to be refused');
    expect(anaDoc.closes[1]?.code).toBe(COLLAB_CLOSE.forbidden.code);

    // Ben keeps writing; a fresh reader sees the server's state, which holds nothing of ana's later edit.
    benDoc.text.insert(benDoc.text.length, 'Trout need oxygen.');
    const reader = harness.connectDoc(url, otters.docId, teacher.token);
    await waitFor(
      () => reader.provider.synced && reader.text.toString().includes('Trout'),
      10_000,
      'a fresh reader to sync ben’s edit',
    );
    expect(reader.text.toString()).toBe('Rivers carry sediment. Trout need oxygen.');
    await waitFor(
      () => benDoc.text.toString() === reader.text.toString(),
      10_000,
      'ben to match the server',
    );
    await app.nest.get(WorkspaceCollab).endpoint.flushAll();
    const stored = new Y.Doc();
    for (const event of await app.store.events.readStream(streams.document(otters.docId))) {
      if (event.type !== 'DocumentUpdated') continue;
      const data = event.data as DocumentUpdated['data'];
      Y.applyUpdate(stored, Buffer.from(data.update, 'base64'));
    }
    expect(stored.getText(WORKSPACE_TEXT).toString()).not.toContain('SECRET');

    // Her new group's workspace opens for her.
    const heronsDoc = harness.connectDoc(url, herons.docId, ana.token);
    await waitFor(() => heronsDoc.provider.synced, 10_000, 'ana to open the Herons workspace');
  }, 60_000);

  it('closes a removed school admin’s live connection and workspace watch within a second', async () => {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'rivera', 'teacher');
    const head = await harness.person(app, url, 'head', 'teacher');
    const ana = await harness.person(app, url, 'ana', 'student');
    const { classroomId, groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId ?? '';
    const school = await teacher.api<SchoolView>('POST', '/schools', { name: 'Hillside' });
    expect(school.status).toBe(201);
    const schoolId = school.body.id;
    expect(
      (await teacher.api('POST', `/schools/${schoolId}/admins`, { userId: head.id })).status,
    ).toBe(201);
    expect(
      (await teacher.api('POST', `/classrooms/${classroomId}/school`, { schoolId })).status,
    ).toBe(204);

    // The head observes the group's workspace, live and through its progress watch.
    const headDoc = harness.connectDoc(url, docId, head.token);
    await waitFor(() => headDoc.provider.synced, 10_000, 'the head to open the workspace');
    const socket = io(url, { auth: { token: head.token }, transports: ['websocket'] });
    const ended: Array<WatchEnded & { at: number }> = [];
    socket.on(SOCKET_EVENTS.watchEnded, (message: WatchEnded) =>
      ended.push({ ...message, at: performance.now() }),
    );
    try {
      const ack = (await socket.emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck;
      expect(ack).toEqual({ ok: true });
      const anaDoc = harness.connectDoc(url, docId, ana.token);
      await waitFor(() => anaDoc.provider.synced, 10_000, 'ana synced');
      anaDoc.text.insert(0, 'Before. ');
      await waitFor(
        () => headDoc.text.toString() === 'Before. ',
        10_000,
        'the head to see ana’s edit',
      );

      const removed = await fetch(`${url}/api/schools/${schoolId}/admins/${head.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${teacher.token}` },
      });
      const answeredAt = performance.now();
      expect(removed.status).toBe(204);

      await waitFor(() => headDoc.closes.length > 0, 5_000, 'the head’s connection to close');
      expect(headDoc.closes[0]).toEqual(
        expect.objectContaining({
          code: COLLAB_CLOSE.forbidden.code,
          reason: COLLAB_CLOSE.forbidden.reason,
        }),
      );
      expect((headDoc.closes[0]?.at ?? Infinity) - answeredAt).toBeLessThan(1000);
      await waitFor(() => ended.length > 0, 5_000, 'the head’s workspace watch to end');
      expect(ended[0]).toEqual(
        expect.objectContaining({ kind: 'workspace', id: docId, code: 'workspace.not-found' }),
      );
      expect((ended[0]?.at ?? Infinity) - answeredAt).toBeLessThan(1000);
      // Asked again, the way back in is shut too.
      expect(
        ((await socket.emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck).ok,
      ).toBe(false);
    } finally {
      socket.close();
    }
  }, 60_000);
});
