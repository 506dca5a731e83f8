import { expect, it, jest } from '@jest/globals';
import {
  API_ROUTES,
  COLLAB_CLOSE,
  INQUIRY_SOCKET_EVENTS,
  SOCKET_EVENTS,
  apiPath,
} from '@commonplace/shared';
import type { GroupView, InquirySpaceView, ProjectDetail } from '@commonplace/shared';
import { waitFor } from '../collab/collab.testing.js';
import { loopHarness } from '../projects/classroom-loop.testing.js';
import { describeOnEveryStore } from '../documents/workspace-app.testing.js';
import { inviteAndSignInMentor } from './inquiry.testing.js';

const R = API_ROUTES;

// Setting up on PGlite takes seconds on a busy machine; the cut-off's bound is what is tested.
jest.setTimeout(90_000);

await describeOnEveryStore('revoking a mentor while others type', (openStore) => {
  const { start, person, withToken, client, connectDoc, joinedClassroom } = loopHarness(openStore);

  it('cuts the mentor off within a second of the request (bound 2 s on a loaded machine), however busy the documents are', async () => {
    // No fallback poll within the test: a cut-off that waited for it would take a minute, not a second.
    const { app, url } = await start({}, { projectionPollMs: 60_000 });
    const hill = await person(app, url, 'ms-hill', 'teacher');
    const ada = await person(app, url, 'ada', 'student');
    const bo = await person(app, url, 'bo', 'student');
    const classroom = await joinedClassroom(hill, [ada, bo]);
    const space = (
      await hill.call<InquirySpaceView>(
        'POST',
        apiPath(R.openInquirySpace, { classroomId: classroom.id }),
        { title: 'Rivers', drivingQuestion: 'Why does our river flood?' },
      )
    ).body;
    const { spaceId, boardDocId } = space;
    const { session } = await inviteAndSignInMentor(
      hill,
      client(url, undefined),
      spaceId,
      Date.now() + 86_400_000,
    );
    const grace = withToken(url, session.mentorId, session.token);

    // The mentor has the space open: its live watch and the board.
    const graceBoard = connectDoc(url, boardDocId, session.token);
    let boardClosedAt: number | undefined;
    graceBoard.provider.on('connection-close', (event) => {
      if (event?.code === COLLAB_CLOSE.forbidden.code) boardClosedAt ??= performance.now();
    });
    const socket = grace.socket();
    let endedAt: number | undefined;
    socket.on(INQUIRY_SOCKET_EVENTS.accessEnded, () => {
      endedAt ??= performance.now();
    });
    const watched = await socket.timeout(5_000).emitWithAck(INQUIRY_SOCKET_EVENTS.spaceWatch, {
      spaceId,
    });
    expect(watched).toEqual({ ok: true });

    // A full session: six students in three groups type into their project's workspaces,
    // each a keystroke every 5 ms, while the teacher watches the live board. Every beat
    // stores a change per document, which the activity and board read models project.
    const others = await Promise.all(
      ['cy', 'di', 'ed', 'flo'].map((login) => person(app, url, login, 'student')),
    );
    const students = [ada, bo, ...others];
    for (const student of others) {
      await student.call('POST', apiPath(R.joinClassroom), { code: classroom.joinCode });
    }
    for (const [index, name] of ['Otters', 'Herons', 'Voles'].entries()) {
      const group = (
        await hill.call<GroupView>('POST', apiPath(R.createGroup, { classroomId: classroom.id }), {
          name,
        })
      ).body;
      for (const student of students.slice(index * 2, index * 2 + 2)) {
        await hill.call(
          'POST',
          apiPath(R.addGroupMember, { classroomId: classroom.id, groupId: group.id }),
          { studentId: student.id },
        );
      }
    }
    const project = (
      await hill.call<ProjectDetail>(
        'POST',
        apiPath(R.assignProject, { classroomId: classroom.id }),
        {
          title: 'Rivers',
        },
      )
    ).body;
    const board = hill.socket();
    const watching = await board
      .timeout(5_000)
      .emitWithAck(SOCKET_EVENTS.boardWatch, { classroomId: classroom.id });
    expect(watching).toEqual({ ok: true });
    const typists = project.workspaces.flatMap((workspace) =>
      students
        .filter((student) => workspace.memberIds.includes(student.id))
        .map((student) => connectDoc(url, workspace.docId, student.token ?? '')),
    );
    expect(typists).toHaveLength(6);
    await waitFor(
      () => graceBoard.provider.synced && typists.every((typist) => typist.provider.synced),
      20_000,
      'the mentor and the typists to sync',
    );
    let typing = true;
    const keystrokes = typists.map(async (typist) => {
      while (typing) {
        typist.text.insert(typist.text.length, 'x');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    // Let a backlog build, as in a full classroom session: a few hundred keystrokes each, stored as they come.
    await waitFor(
      () => typists.every((typist) => typist.text.length >= 300),
      30_000,
      'the typists to build a backlog',
    );

    const revokedAt = performance.now();
    const revoked = await hill.call(
      'DELETE',
      apiPath(R.revokeMentor, { spaceId, mentorId: session.mentorId }),
    );
    const answeredAt = performance.now();
    expect(revoked.status).toBe(204);
    try {
      await waitFor(
        () => boardClosedAt !== undefined && endedAt !== undefined,
        5_000,
        'the revoked mentor’s connections to close',
      );
    } finally {
      typing = false;
      await Promise.all(keystrokes);
    }
    const timings = {
      request: Math.round(answeredAt - revokedAt),
      board: Math.round((boardClosedAt ?? Infinity) - revokedAt),
      live: Math.round((endedAt ?? Infinity) - revokedAt),
    };
    console.log(
      `revoke while six students type in three workspaces: request ${timings.request} ms, board closed ${timings.board} ms, live watch ended ${timings.live} ms`,
    );
    // The goal is a second from the click (0.2–0.4 s here on an idle machine). On a loaded CI
    // machine this one process also runs the six typists, so the bound leaves room; a cut-off
    // waiting for the projections' poll (a minute here) or a held wake fails it either way.
    expect(timings.board).toBeLessThanOrEqual(2_000);
    expect(timings.live).toBeLessThanOrEqual(2_000);
    expect(timings.request).toBeLessThanOrEqual(2_000);
  });
});
