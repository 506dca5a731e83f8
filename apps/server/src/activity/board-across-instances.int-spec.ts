import { afterEach, expect, it, jest } from '@jest/globals';
import type {
  BoardView,
  HelpRequestView,
  NotificationView,
  SocketAck,
  TutoringSessionView,
  WorkspaceProgress,
} from '@commonplace/shared';
import { SOCKET_EVENTS } from '@commonplace/shared';
import type { Socket as ClientSocket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { waitFor } from '../collab/collab.testing.js';
import { startServerProcess } from '../redis/server-process.testing.js';
import type { ServerProcess } from '../redis/server-process.testing.js';
import {
  TEST_REDIS_URL,
  createPostgresTestDatabase,
  describeWithPostgres,
  describeWithRedis,
  redisAvailable,
} from '../testing/services.js';
import { appHarness } from '../documents/workspace-app.testing.js';
import type { StoreUnderTest } from '../documents/workspace-app.testing.js';

// A second server starts from source.
jest.setTimeout(120_000);

const withServices = (await redisAvailable()).available ? describeWithPostgres : describeWithRedis;

await withServices('the live board across instances', () => {
  let env: Record<string, string> = {};
  const harness = appHarness(async (): Promise<StoreUnderTest> => {
    const database = await createPostgresTestDatabase();
    env = {
      DATABASE_URL: database.connectionString,
      SESSION_SECRET: 's'.repeat(32),
      REDIS_URL: TEST_REDIS_URL,
    };
    return { env, dispose: () => database.dispose() };
  });
  const processes: ServerProcess[] = [];
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const process of processes.splice(0)) await process.kill9();
  });

  it('shows a teacher watching on B a student’s edit made through A within a second', async () => {
    // A starts first, so A holds the projections; B runs none.
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const { classroomId, groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');
    const serverB = await startServerProcess(env);
    processes.push(serverB);

    const boards: BoardView[] = [];
    const socket = io(serverB.url, { auth: { token: teacher.token }, transports: ['websocket'] });
    sockets.push(socket);
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId })) as SocketAck;
    expect(ack).toEqual({ ok: true });
    await waitFor(() => boards.length === 1, 5_000, 'the first board on B');
    const insertedBy = (board: BoardView | undefined): number =>
      board?.groups.flatMap((g) => g.students).find((s) => s.studentId === ana.id)?.inserted ?? 0;
    expect(insertedBy(boards[0])).toBe(0);

    const writer = harness.connectDoc(urlA, docId, ana.token);
    await waitFor(() => writer.provider.synced, 10_000, 'ana synced on A');
    const editedAt = performance.now();
    writer.text.insert(0, 'Rivers carve valleys.');
    await waitFor(
      () => insertedBy(boards.at(-1)) === 'Rivers carve valleys.'.length,
      5_000,
      'the board on B to count ana’s edit',
    );
    const elapsedMs = performance.now() - editedAt;
    process.stdout.write(
      `live board across instances: edit on A to board on B in ${Math.round(elapsedMs)} ms\n`,
    );
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it('pushes a workspace’s progress to a teacher watching on B when a student submits through A', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const { groups } = await harness.classroom(teacher, { Otters: [ana] });
    const docId = groups.Otters?.docId;
    if (docId === undefined) throw new Error('the classroom lacks its group');
    const serverB = await startServerProcess(env);
    processes.push(serverB);

    const progress: WorkspaceProgress[] = [];
    const socket = io(serverB.url, { auth: { token: teacher.token }, transports: ['websocket'] });
    sockets.push(socket);
    socket.on(SOCKET_EVENTS.workspaceProgress, (message: WorkspaceProgress) =>
      progress.push(message),
    );
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck(SOCKET_EVENTS.workspaceWatch, { docId })) as SocketAck;
    expect(ack).toEqual({ ok: true });
    await waitFor(() => progress.length === 1, 5_000, 'the first progress on B');
    expect(progress[0]?.submissions).toEqual([]);

    const writer = harness.connectDoc(urlA, docId, ana.token);
    await waitFor(() => writer.provider.synced, 10_000, 'ana synced on A');
    writer.text.insert(0, 'Our river map.');
    const submitted = await ana.api('POST', `/workspaces/${docId}/submissions`, {});
    const submittedAt = performance.now();
    expect(submitted.status).toBe(201);
    await waitFor(
      () => progress.at(-1)?.submissions.length === 1,
      5_000,
      'the submission in the progress on B',
    );
    expect(performance.now() - submittedAt).toBeLessThan(1_000);
    expect(progress.at(-1)?.submissions[0]?.submittedBy).toBe(ana.id);
  });

  it('brings a student on B the notification of a claim made through A within a second', async () => {
    const { app: appA, url: urlA } = await harness.start();
    const teacher = await harness.person(appA, urlA, 'rivera', 'teacher');
    const ana = await harness.person(appA, urlA, 'ana', 'student');
    const bo = await harness.person(appA, urlA, 'bo', 'student');
    const { classroomId } = await harness.classroom(teacher, { Otters: [ana, bo] });
    await teacher.api('POST', `/classrooms/${classroomId}/peer-tutors`, { studentId: bo.id });
    const serverB = await startServerProcess(env);
    processes.push(serverB);

    const told: NotificationView[] = [];
    const socket = io(serverB.url, { auth: { token: ana.token }, transports: ['websocket'] });
    sockets.push(socket);
    socket.on(SOCKET_EVENTS.notification, (n: NotificationView) => told.push(n));
    await waitFor(() => socket.connected, 10_000, 'ana connected to B');
    const raised = await ana.api<HelpRequestView>(
      'POST',
      `/classrooms/${classroomId}/help-requests`,
      { topic: 'Fractions' },
    );
    expect(raised.status).toBe(201);
    const claimedAt = performance.now();
    const claimed = await bo.api<TutoringSessionView>(
      'POST',
      `/help-requests/${raised.body.requestId}/claim`,
      {},
    );
    expect(claimed.status).toBe(201);
    await waitFor(() => told.length === 1, 5_000, 'the claim’s notification on B');
    expect(performance.now() - claimedAt).toBeLessThan(1_000);
    expect(told[0]).toMatchObject({
      kind: 'help-claimed',
      link: `/tutoring-sessions/${claimed.body.sessionId}`,
    });
  });
});
