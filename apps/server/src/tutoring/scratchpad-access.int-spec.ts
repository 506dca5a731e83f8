import { expect, it, jest } from '@jest/globals';
import { streams } from '@commonplace/domain';
import type { DocumentUpdated } from '@commonplace/domain';
import type { HelpRequestView, TutoringSessionView } from '@commonplace/shared';
import { COLLAB_CLOSE, WORKSPACE_TEXT } from '@commonplace/shared';
import * as Y from 'yjs';
import { waitFor } from '../collab/collab.testing.js';
import type { TestDocClient } from '../documents/workspace-app.testing.js';
import { appHarness, describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { WorkspaceCollab } from '../documents/workspace-collab.service.js';

// Setting up a classroom on PGlite takes seconds on a busy machine; the 1 s bounds below are what is tested.
jest.setTimeout(60_000);

await describeOnEveryStore('a tutoring session’s live documents', (openStore) => {
  const harness = appHarness(openStore);

  /** Ada (Otters) asked about her project; Bo, a peer tutor in another group, claimed it. */
  async function liveSession() {
    const { app, url } = await harness.start();
    const teacher = await harness.person(app, url, 'hill', 'teacher');
    const ada = await harness.person(app, url, 'ada', 'student');
    const bo = await harness.person(app, url, 'bo', 'student');
    const { classroomId, groups } = await harness.classroom(teacher, {
      Otters: [ada],
      Herons: [bo],
    });
    const projectDoc = groups.Otters?.docId;
    if (projectDoc === undefined) throw new Error('the classroom lacks its group');
    expect(
      (await teacher.api('POST', `/classrooms/${classroomId}/peer-tutors`, { studentId: bo.id }))
        .status,
    ).toBe(204);
    const request = await ada.api<HelpRequestView>(
      'POST',
      `/classrooms/${classroomId}/help-requests`,
      { topic: 'Food webs', docId: projectDoc },
    );
    expect(request.status).toBe(201);
    const claimed = await bo.api<TutoringSessionView>(
      'POST',
      `/help-requests/${request.body.requestId}/claim`,
      {},
    );
    expect(claimed.status).toBe(201);
    const { sessionId, scratchpadDocId: pad } = claimed.body;
    return { app, url, teacher, ada, bo, classroomId, projectDoc, sessionId, pad };
  }

  it('closes the scratchpad writers with 4409 and the tutor’s read of the project with 4403 within a second of the end, and takes no later edit', async () => {
    const { app, url, teacher, ada, bo, projectDoc, sessionId, pad } = await liveSession();
    expect((await setProjectAccess(url, teacher.token, sessionId, true)).status).toBe(200);

    const tutorPad = harness.connectDoc(url, pad, bo.token);
    const studentPad = harness.connectDoc(url, pad, ada.token);
    const teacherPad = harness.connectDoc(url, pad, teacher.token);
    const tutorReadsProject = harness.connectDoc(url, projectDoc, bo.token);
    await waitFor(
      () => [tutorPad, studentPad, teacherPad, tutorReadsProject].every((c) => c.provider.synced),
      10_000,
      'everyone synced',
    );
    tutorPad.text.insert(0, 'Sun → grass → rabbit. ');
    await waitFor(
      () => teacherPad.text.toString() === 'Sun → grass → rabbit. ',
      10_000,
      'the tutor’s line to reach the teacher watching',
    );

    const ended = await bo.api('POST', `/tutoring-sessions/${sessionId}/end`, {
      summary: 'Food chains.',
    });
    const endedAt = performance.now();
    expect(ended.status).toBe(201);
    await waitFor(
      () =>
        tutorPad.closes.length > 0 &&
        studentPad.closes.length > 0 &&
        tutorReadsProject.closes.length > 0,
      5_000,
      'the session’s connections to close',
    );
    for (const client of [tutorPad, studentPad]) {
      expect(client.closes[0]?.code).toBe(COLLAB_CLOSE.accessChanged.code);
      expect((client.closes[0]?.at ?? Infinity) - endedAt).toBeLessThan(1_000);
    }
    expect(tutorReadsProject.closes[0]?.code).toBe(COLLAB_CLOSE.forbidden.code);
    expect((tutorReadsProject.closes[0]?.at ?? Infinity) - endedAt).toBeLessThan(1_000);
    // The teacher only watched: nothing changed for them.
    expect(teacherPad.closes).toEqual([]);

    // What the web app does on 4409: ask again and reconnect — read-only now, so whatever they type is dropped.
    const collab = app.nest.get(WorkspaceCollab);
    for (const client of [tutorPad, studentPad]) {
      client.provider.connect();
      await waitFor(() => client.provider.synced, 10_000, 'a reconnection after the end');
      client.text.insert(client.text.length, 'AFTER THE END');
      await awarenessReached(client, teacherPad);
    }
    expect(collab.endpoint.connectionsOn(pad).map((c) => c.access)).not.toContain('read-write');
    expect(teacherPad.text.toString()).toBe('Sun → grass → rabbit. ');

    await collab.endpoint.flushAll();
    const stored = new Y.Doc();
    for (const event of await app.store.events.readStream(streams.document(pad))) {
      if (event.type !== 'DocumentUpdated') continue;
      const data = event.data as DocumentUpdated['data'];
      Y.applyUpdate(stored, Buffer.from(data.update, 'base64'));
    }
    expect(stored.getText(WORKSPACE_TEXT).toString()).toBe('Sun → grass → rabbit. ');
  });

  it('closes the tutor’s read of the project with 4403 within a second of a teacher taking it back, and leaves the scratchpad open', async () => {
    const { app, url, teacher, bo, projectDoc, sessionId, pad } = await liveSession();
    const projectAccess = (allowed: boolean) =>
      setProjectAccess(url, teacher.token, sessionId, allowed);
    expect((await projectAccess(true)).status).toBe(200);
    const tutorPad = harness.connectDoc(url, pad, bo.token);
    const tutorReadsProject = harness.connectDoc(url, projectDoc, bo.token);
    await waitFor(
      () => tutorPad.provider.synced && tutorReadsProject.provider.synced,
      10_000,
      'the tutor on both documents',
    );

    expect((await projectAccess(false)).status).toBe(200);
    const takenBackAt = performance.now();
    await waitFor(() => tutorReadsProject.closes.length > 0, 5_000, 'the project read to close');
    expect(tutorReadsProject.closes[0]?.code).toBe(COLLAB_CLOSE.forbidden.code);
    expect((tutorReadsProject.closes[0]?.at ?? Infinity) - takenBackAt).toBeLessThan(1_000);
    // The session goes on: the scratchpad stays writable.
    expect(tutorPad.closes).toEqual([]);
    expect(
      app.nest
        .get(WorkspaceCollab)
        .endpoint.connectionsOn(pad)
        .map((c) => c.access),
    ).toEqual(['read-write']);
  });

  it('closes a removed co-teacher’s observing connections to the scratchpad and the workspace with 4403 within a second', async () => {
    const { app, url, teacher, classroomId, projectDoc, pad } = await liveSession();
    const rivera = await harness.person(app, url, 'rivera', 'teacher');
    const invite = await teacher.api<{ token: string }>(
      'POST',
      `/classrooms/${classroomId}/invites`,
      { role: 'co-teacher' },
    );
    expect((await rivera.api('POST', '/invites/accept', { token: invite.body.token })).status).toBe(
      200,
    );
    const watchesPad = harness.connectDoc(url, pad, rivera.token);
    const watchesProject = harness.connectDoc(url, projectDoc, rivera.token);
    const teacherPad = harness.connectDoc(url, pad, teacher.token);
    await waitFor(
      () =>
        watchesPad.provider.synced && watchesProject.provider.synced && teacherPad.provider.synced,
      10_000,
      'the co-teacher observing both documents',
    );

    // The harness's client only GETs and POSTs.
    const removed = await fetch(
      `${url}/api/classrooms/${classroomId}/members/${rivera.id}?role=co-teacher`,
      { method: 'DELETE', headers: { authorization: `Bearer ${teacher.token}` } },
    );
    const removedAt = performance.now();
    expect(removed.status).toBeLessThan(300);
    await waitFor(
      () => watchesPad.closes.length > 0 && watchesProject.closes.length > 0,
      5_000,
      'the co-teacher’s connections to close',
    );
    for (const client of [watchesPad, watchesProject]) {
      expect(client.closes[0]?.code).toBe(COLLAB_CLOSE.forbidden.code);
      expect((client.closes[0]?.at ?? Infinity) - removedAt).toBeLessThan(1_000);
    }
    expect(teacherPad.closes).toEqual([]);
  });
});

/**
 * The server handles a connection's messages in order, so once an awareness
 * change sent after an edit has reached another client, the edit was handled
 * (applied, or dropped) before it.
 */
async function awarenessReached(from: TestDocClient, to: TestDocClient): Promise<void> {
  const probe = `probe-${from.doc.clientID}-${performance.now()}`;
  from.provider.awareness.setLocalStateField('probe', probe);
  await waitFor(
    () =>
      (to.provider.awareness.getStates().get(from.doc.clientID) as { probe?: string } | undefined)
        ?.probe === probe,
    10_000,
    'an awareness change sent after the edit to arrive',
  );
}

/** Whether the tutor may read the linked project (PATCH: the harness's client only GETs and POSTs). */
function setProjectAccess(
  url: string,
  token: string,
  sessionId: string,
  allowed: boolean,
): Promise<Response> {
  return fetch(`${url}/api/tutoring-sessions/${sessionId}/project-access`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ allowed }),
  });
}
