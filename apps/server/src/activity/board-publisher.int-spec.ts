import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import type {
  BoardView,
  HelpRequestView,
  SocketAck,
  TutoringSessionView,
} from '@commonplace/shared';
import { API_ROUTES, SOCKET_EVENTS, apiPath } from '@commonplace/shared';
import { streams } from '@commonplace/domain';
import * as Y from 'yjs';
import type { CommonplaceApp } from '../app.js';
import { waitFor } from '../collab/collab.testing.js';
import type { LoopPerson } from '../projects/classroom-loop.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { BoardPublisher } from './board.publisher.js';
import { BoardQueries } from './board.queries.js';
import { classroomWith } from './board.testing.js';

const R = API_ROUTES;

/** A classroom of the students split into `groups` groups with one project; its workspace docs. */
function classroomOf(teacher: LoopPerson, students: readonly LoopPerson[], groups: number) {
  const size = Math.ceil(students.length / groups);
  return classroomWith(
    teacher,
    Array.from({ length: groups }, (_, g) => students.slice(g * size, (g + 1) * size)),
  );
}

/** One attributed edit, as the collaboration endpoint appends it. */
async function appendEdit(app: CommonplaceApp, docId: string, authorId: string): Promise<void> {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, 'x');
  const update = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
  await app.store.events.appendToStream(streams.document(docId), [
    {
      id: randomUUID(),
      type: 'DocumentUpdated',
      data: { docId, authorId, update, inserted: 1, deleted: 0 },
      metadata: {},
    },
  ]);
}

await describeOnEveryStore('the board publisher', (openStore) => {
  const { start, person } = loopHarness(openStore);

  it('recomputes only the watched classroom a batch touched, at most once per debounce window', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const students: LoopPerson[] = [];
    for (let i = 0; i < 8; i++) students.push(await person(app, url, `s${i}`, 'student'));
    const watched = await classroomOf(teacher, students.slice(0, 4), 2);
    const unwatched = await classroomOf(teacher, students.slice(4), 2);

    // While no one watches, typing costs the publisher nothing: not even a look-up.
    const publisher = app.nest.get(BoardPublisher);
    const examinedBefore = publisher.examined;
    for (let i = 0; i < 10; i++)
      await appendEdit(app, watched.docs[0] ?? '', students[0]?.id ?? '');
    await app.store.projections.waitFor(await app.store.events.headPosition());
    expect(publisher.examined).toBe(examinedBefore);

    const boards: BoardView[] = [];
    const socket = teacher.socket();
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    const ack = (await socket
      .timeout(5_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId: watched.classroomId })) as SocketAck;
    expect(ack.ok).toBe(true);
    const before = publisher.recomputed;
    const examinedAtStart = publisher.examined;

    // 100 edits in each classroom, as fast as the store takes them.
    const edits = 100;
    const startedAt = performance.now();
    for (let i = 0; i < edits; i++) {
      // Students 0-1 are in the first group (first doc), 2-3 in the second.
      const k = i % 4;
      await appendEdit(app, watched.docs[Math.floor(k / 2)] ?? '', students[k]?.id ?? '');
      await appendEdit(app, unwatched.docs[Math.floor(k / 2)] ?? '', students[4 + k]?.id ?? '');
    }
    const total = (board: BoardView | undefined) =>
      board?.groups.flatMap((g) => g.students).reduce((sum, s) => sum + s.inserted, 0) ?? 0;
    await waitFor(
      () => total(boards.at(-1)) === edits + 10,
      10_000,
      'the board counting every edit',
    );
    const elapsedMs = performance.now() - startedAt;

    const recomputes = publisher.recomputed - before;
    // Only the watched classroom, at most once per debounce window, and fewer times than
    // there were batches (how many windows the typing spans depends on the machine's speed).
    expect(boards.every((b) => b.classroomId === watched.classroomId)).toBe(true);
    expect(recomputes).toBeLessThanOrEqual(Math.ceil(elapsedMs / 150) + 2);
    expect(recomputes).toBeLessThan(publisher.examined - examinedAtStart);

    const timer = performance.now();
    await app.nest.get(BoardQueries).board(watched.classroomId);
    const boardMs = performance.now() - timer;
    process.stdout.write(
      `board publisher: ${edits * 2} edits in ${Math.round(elapsedMs)} ms → ${recomputes} board recomputes (watched classroom only); one board ${boardMs.toFixed(1)} ms\n`,
    );
  }, 60_000);

  it('shows a student who asked for help as stuck on the watching teacher’s board, until the request is withdrawn or claimed', async () => {
    const { app, url } = await start();
    const teacher = await person(app, url, 'rivera', 'teacher');
    const ana = await person(app, url, 'ana', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const { classroomId } = await classroomOf(teacher, [ana, bo], 1);
    await teacher.call('POST', apiPath(R.designatePeerTutor, { classroomId }), {
      studentId: bo.id,
    });

    const boards: BoardView[] = [];
    const socket = teacher.socket();
    socket.on(SOCKET_EVENTS.boardSnapshot, (board: BoardView) => boards.push(board));
    const ack = (await socket
      .timeout(5_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId })) as SocketAck;
    expect(ack.ok).toBe(true);
    const anaStuck = () =>
      boards
        .at(-1)
        ?.groups.flatMap((g) => g.students)
        .find((s) => s.studentId === ana.id)
        ?.signals.find((signal) => signal.kind === 'stuck');
    const raise = async (topic: string) =>
      (
        await ana.call<HelpRequestView>('POST', apiPath(R.raiseHelpRequest, { classroomId }), {
          topic,
        })
      ).body.requestId;

    const withdrawn = await raise('Fractions');
    await waitFor(() => anaStuck() !== undefined, 5_000, 'ana to show as stuck');
    expect(anaStuck()?.reason).toMatch(/^Asked for help .* ago and is still waiting\.$/);
    // The withdrawal names only the request: the board still finds its classroom.
    await ana.call('DELETE', apiPath(R.cancelHelpRequest, { requestId: withdrawn }));
    await waitFor(() => anaStuck() === undefined, 5_000, 'the withdrawn request to clear it');

    const claimed = await raise('Long division');
    await waitFor(() => anaStuck() !== undefined, 5_000, 'ana to show as stuck again');
    const claim = await bo.call<TutoringSessionView>(
      'POST',
      apiPath(R.claimHelpRequest, { requestId: claimed }),
      {},
    );
    expect(claim.status).toBe(201);
    await waitFor(() => anaStuck() === undefined, 5_000, 'the claim to clear it');
  }, 60_000);
});
