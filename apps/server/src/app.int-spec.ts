import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import type {
  BoardView,
  ClassroomView,
  GroupView,
  MyProject,
  ProjectView,
} from '@commonplace/shared';
import { COLLAB_CLOSE, SOCKET_EVENTS } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import type { Socket as ClientSocket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { waitFor } from './collab/collab.testing.js';
import { appHarness, describeOnEveryStore } from './documents/workspace-app.testing.js';

/**
 * The thinnest real path through every layer, in one process as `npm start`
 * runs it: HTTP commands through the deciders into the log, read models, the
 * collaboration endpoint, and the teacher's live board over socket.io.
 */
await describeOnEveryStore('the walking skeleton', (openStore) => {
  const { start, client, person, connectDoc, closeAll, openStoreAlone } = appHarness(openStore);

  it('serves only once its read models have caught up with what the log held at start-up', async () => {
    const first = await start();
    const teacher = await person(first.app, first.url, 'rivera', 'teacher');
    await closeAll();

    // Written while no server runs: the next one starts with its read models behind the log.
    const log = await openStoreAlone();
    const classroomIds = Array.from({ length: 400 }, () => randomUUID());
    try {
      for (const [index, classroomId] of classroomIds.entries()) {
        await log.events.appendToStream(
          streams.classroom(classroomId),
          [
            {
              id: randomUUID(),
              type: 'ClassroomCreated',
              data: {
                classroomId,
                name: `Class ${index}`,
                teacherId: teacher.id,
                joinCode: `J${index.toString(36).toUpperCase().padStart(5, '0')}`,
              },
              metadata: {
                at: new Date().toISOString(),
                by: teacher.id,
                command: 'CreateClassroom',
              },
            },
          ],
          { expectedRevision: 'no_stream' },
        );
      }
    } finally {
      await log.close();
    }

    const { url } = await start();
    const newest = await client(url, teacher.token)<ClassroomView>(
      'GET',
      `/classrooms/${classroomIds.at(-1)}`,
    );
    expect(newest).toMatchObject({ status: 200, body: { name: 'Class 399' } });
  });

  it('carries a classroom from creation to a live, attributed, persisted group document', async () => {
    const { app, url } = await start();

    const teacher = await person(app, url, 'rivera', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const ben = await person(app, url, 'ben', 'student');
    const stranger = await person(app, url, 'stranger', 'student');

    // Set-up through commands: classroom, join by code, group, project.
    const created = await teacher.api<ClassroomView>('POST', '/classrooms', {
      name: 'Year 7 Science',
    });
    expect(created.status).toBe(201);
    const joinCode = created.body.joinCode ?? '';
    expect(joinCode).toMatch(/^[A-Z0-9]{6}$/);
    const classroomId = created.body.id;

    expect(
      (await ana.api('POST', '/classrooms/join', { code: joinCode.toLowerCase() })).status,
    ).toBe(201);
    expect((await ben.api('POST', '/classrooms/join', { code: joinCode })).status).toBe(201);
    const wrongCode = await stranger.api<{ code: string }>('POST', '/classrooms/join', {
      code: 'ZZZZZZ',
    });
    expect(wrongCode).toMatchObject({
      status: 404,
      body: expect.objectContaining({ code: 'classroom.unknown-join-code' }),
    });

    const otters = await teacher.api<GroupView>('POST', `/classrooms/${classroomId}/groups`, {
      name: 'Otters',
    });
    const byStudent = await ana.api<{ code: string }>('POST', `/classrooms/${classroomId}/groups`, {
      name: 'Ours',
    });
    expect(byStudent).toMatchObject({
      status: 403,
      body: expect.objectContaining({ code: 'auth.forbidden' }),
    });
    for (const student of [ana, ben]) {
      await teacher.api('POST', `/classrooms/${classroomId}/groups/${otters.body.id}/members`, {
        studentId: student.id,
      });
    }
    const project = await teacher.api<ProjectView>('POST', `/classrooms/${classroomId}/projects`, {
      title: 'Rivers',
      brief: 'Map a river.',
    });
    expect(project.status).toBe(201);
    const docId = project.body.workspaces[0]?.docId ?? '';

    const mine = await ana.api<MyProject[]>('GET', '/me/projects');
    expect(mine.body).toEqual([
      expect.objectContaining({ title: 'Rivers', groupName: 'Otters', docId }),
    ]);
    expect((await stranger.api('GET', `/workspaces/${docId}`)).status).toBe(404);

    // Every set-up step is an event in the log, not a row written directly.
    const classroomStream = await app.store.events.readStream(streams.classroom(classroomId));
    expect(classroomStream.map((e) => e.type)).toEqual([
      'ClassroomCreated',
      'StudentJoinedClassroom',
      'StudentJoinedClassroom',
      'GroupCreated',
      'StudentAddedToGroup',
      'StudentAddedToGroup',
    ]);

    // The teacher watches the board live.
    const boards: BoardView[] = [];
    const socket: ClientSocket = io(url, {
      auth: { token: teacher.token },
      transports: ['websocket'],
    });
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    const ack = await socket.timeout(5_000).emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId });
    expect(ack).toEqual({ ok: true });
    const strangerSocket: ClientSocket = io(url, {
      auth: { token: stranger.token },
      transports: ['websocket'],
    });
    expect(
      await strangerSocket.timeout(5_000).emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId }),
    ).toEqual(expect.objectContaining({ ok: false, code: 'classroom.not-found' }));
    strangerSocket.disconnect();

    // Two students co-write through the stock y-websocket client.
    const anaDoc = connectDoc(url, docId, ana.token);
    const benDoc = connectDoc(url, docId, ben.token);
    await waitFor(
      () => anaDoc.provider.synced && benDoc.provider.synced,
      10_000,
      'both students synced',
    );
    anaDoc.text.insert(0, 'Rivers carry sediment. ');
    benDoc.text.insert(0, 'Trout need oxygen. ');
    await waitFor(
      () => anaDoc.text.toString() === benDoc.text.toString() && anaDoc.text.length === 42,
      10_000,
      'the two documents converge',
    );

    const studentRow = (board: BoardView | undefined, id: string) =>
      board?.groups.flatMap((g) => g.students).find((s) => s.studentId === id);
    await waitFor(
      () =>
        studentRow(boards.at(-1), ana.id)?.inserted === 23 &&
        studentRow(boards.at(-1), ben.id)?.inserted === 19,
      10_000,
      'the board shows each student’s own characters',
    );
    expect(studentRow(boards.at(-1), ana.id)?.activeNow).toBe(true);

    // A stranger is refused with a reason and reads nothing.
    const refused = connectDoc(url, docId, stranger.token);
    const closeEvent = await new Promise<{ code: number; reason: string }>((resolve) =>
      refused.provider.on('connection-close', (event) => {
        if (event) resolve({ code: event.code, reason: event.reason });
      }),
    );
    expect(closeEvent.code).toBe(COLLAB_CLOSE.forbidden.code);
    expect(refused.text.toString()).toBe('');

    // The document's stream holds each author's attributed batches.
    const updates = await app.store.events.readStream(streams.document(docId));
    const byAuthor = new Map<string, number>();
    for (const event of updates) {
      const data = event.data as { authorId: string; inserted: number };
      byAuthor.set(data.authorId, (byAuthor.get(data.authorId) ?? 0) + data.inserted);
    }
    expect(Object.fromEntries(byAuthor)).toEqual({ [ana.id]: 23, [ben.id]: 19 });

    // After a restart the document comes back intact.
    const written = anaDoc.text.toString();
    socket.disconnect();
    await closeAll();
    const restarted = await start();
    const reader = connectDoc(restarted.url, docId, ana.token);
    await waitFor(() => reader.provider.synced, 10_000, 'the reader synced after the restart');
    expect(reader.text.toString()).toBe(written);
  }, 60_000);
});
